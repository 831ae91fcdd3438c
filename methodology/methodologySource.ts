// Where dialogs and the API get the method from. Packs are loaded once,
// validated, hashed and deep-frozen; several versions can sit side by side so
// a saved assessment always renders with the exact version it was made with.
import type { Instrument, Pack } from './packSchema.js';
import type { SharingDeclaration } from './sharingDeclaration.js';

export interface LoadedPack {
  readonly pack: Pack;
  /** sha256 of the canonical content; stored on every assessment. */
  readonly hash: string;
  /** What the version lets a case share with an investigation (sharing.yaml, outside the hash); absent: nothing. */
  readonly sharing?: SharingDeclaration;
}

export interface MethodologySource {
  /** The active version of a pack (the newest active one when several are). */
  active(packId: string): LoadedPack;
  /** One exact version, also retired ones; undefined when unknown. */
  get(packId: string, version: string): LoadedPack | undefined;
  /**
   * Every published version held (methodology/packs/published.yaml, hash-checked at load):
   * the versions whose content can no longer change. A draft beside them is not among them.
   */
  published(): readonly LoadedPack[];
  /** The default pack id for new assessments. */
  readonly defaultPackId: string;
}

export class MethodologyError extends Error {
  constructor(
    readonly reason: 'no_active_version' | 'unknown_instrument',
    message: string,
  ) {
    super(message);
    this.name = 'MethodologyError';
  }
}

export function findInstrument(loaded: LoadedPack, instrumentId: string): Instrument {
  const instrument = loaded.pack.instruments.find((i) => i.id === instrumentId);
  if (!instrument) {
    throw new MethodologyError('unknown_instrument', `pack ${loaded.pack.id}@${loaded.pack.version} has no instrument "${instrumentId}"`);
  }
  return instrument;
}
