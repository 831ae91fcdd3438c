// The logical structure of a tagged PDF as a screen reader meets it, read from
// the file's own objects so a spec can assert what is tagged how: the
// structure tree (StructTreeRoot → elements, with their attributes and the
// text of the marked content they own) and, apart from it, the artifacts
// (marked content a reader skips) with their text. Enough PDF for what pdfkit
// writes — a classic xref table, no object streams, Flate-compressed streams,
// Type0 fonts whose ToUnicode CMap maps two-byte codes — not a general reader.
import { inflateSync } from 'node:zlib';

/** A structure element; `text` is its whole subtree's text in reading order, whitespace collapsed. */
export interface StructureElement {
  type: string;
  /** The element's attribute dictionary (`/A`), `O` included, e.g. `{ O: 'Table', Scope: 'Column' }`. */
  attributes: Record<string, unknown>;
  children: StructureElement[];
  /** 1-based numbers of the pages its own and its descendants' content stands on. */
  pages: number[];
  text: string;
}

export interface PdfStructure {
  /** The children of the StructTreeRoot. */
  roots: StructureElement[];
  /** Artifact marked content, in page order: its `Type` and its text. */
  artifacts: { page: number; type: string | null; text: string }[];
  /** Text shown or paths painted outside any marked content: content that is neither structure nor artifact. */
  unmarked: number;
}

type PdfValue = number | boolean | null | string | PdfName | PdfRef | PdfValue[] | PdfDict | PdfOperator;
type PdfDict = { [key: string]: PdfValue };
class PdfName { constructor(readonly name: string) {} }
class PdfRef { constructor(readonly id: number) {} }
class PdfOperator { constructor(readonly op: string) {} }

const WHITESPACE = /[\0\t\n\f\r ]/;
const DELIMITER = /[\0\t\n\f\r ()<>[\]{}/%]/;

/** One PDF value (or content-stream operator) at a time from latin1 text. */
class Lexer {
  constructor(readonly src: string, public at = 0) {}

  skip(): void {
    while (this.at < this.src.length) {
      const c = this.src[this.at]!;
      if (WHITESPACE.test(c)) this.at++;
      else if (c === '%') while (this.at < this.src.length && !/[\r\n]/.test(this.src[this.at]!)) this.at++;
      else break;
    }
  }

  done(): boolean {
    this.skip();
    return this.at >= this.src.length;
  }

  value(): PdfValue {
    this.skip();
    const src = this.src;
    const c = src[this.at]!;
    if (src.startsWith('<<', this.at)) {
      this.at += 2;
      const dict: PdfDict = {};
      for (this.skip(); !src.startsWith('>>', this.at); this.skip()) {
        const key = this.value();
        if (!(key instanceof PdfName)) throw new Error(`dictionary key at ${this.at}`);
        dict[key.name] = this.value();
      }
      this.at += 2;
      return dict;
    }
    if (c === '[') {
      this.at++;
      const array: PdfValue[] = [];
      for (this.skip(); src[this.at] !== ']'; this.skip()) array.push(this.value());
      this.at++;
      return array;
    }
    if (c === '/') {
      const start = ++this.at;
      while (this.at < src.length && !DELIMITER.test(src[this.at]!)) this.at++;
      return new PdfName(src.slice(start, this.at).replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));
    }
    if (c === '<') {
      const end = src.indexOf('>', this.at);
      const hex = src.slice(this.at + 1, end).replace(/\s+/g, '');
      this.at = end + 1;
      return Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex').toString('latin1');
    }
    if (c === '(') return this.literal();
    const start = this.at;
    while (this.at < src.length && !DELIMITER.test(src[this.at]!)) this.at++;
    const word = src.slice(start, this.at);
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
      // `12 0 R` is a reference, not two numbers and an operator.
      const ref = /^\s+(\d+)\s+R(?=[\s/<>[\]()]|$)/.exec(src.slice(this.at, this.at + 24));
      if (ref && /^\d+$/.test(word)) {
        this.at += ref[0].length;
        return new PdfRef(Number(word));
      }
      return Number(word);
    }
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    if (word === '') throw new Error(`unexpected ${JSON.stringify(c)} at ${this.at}`);
    return new PdfOperator(word);
  }

  private literal(): string {
    let depth = 0;
    let out = '';
    for (this.at++; ; this.at++) {
      const c = this.src[this.at]!;
      if (c === '\\') {
        const next = this.src[++this.at]!;
        const escaped: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
        if (/[0-7]/.test(next)) {
          const octal = /^[0-7]{1,3}/.exec(this.src.slice(this.at, this.at + 3))![0];
          out += String.fromCharCode(parseInt(octal, 8));
          this.at += octal.length - 1;
        } else if (next !== '\n' && next !== '\r') out += escaped[next] ?? next;
      } else if (c === '(') {
        depth++;
        out += c;
      } else if (c === ')') {
        if (depth-- === 0) break;
        out += c;
      } else out += c;
    }
    this.at++;
    return out;
  }
}

const isDict = (v: PdfValue | undefined): v is PdfDict => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof PdfName) && !(v instanceof PdfRef) && !(v instanceof PdfOperator);
const nameOf = (v: PdfValue | undefined) => (v instanceof PdfName ? v.name : null);
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Parses the PDF's structure tree, artifacts and unmarked content; throws on what it cannot read. */
export function pdfStructure(pdf: Buffer): PdfStructure {
  const src = pdf.toString('latin1');
  const objects = new Map<number, { value: PdfValue; stream?: Buffer }>();
  // Objects where the cross-reference table says they are: a scan for `obj` could land in a font's bytes.
  const xrefAt = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(src)?.[1] ?? NaN);
  const xref = /^xref\s+(\d+)\s+(\d+)\s+/.exec(src.slice(xrefAt, xrefAt + 40));
  if (!xref) throw new Error('no classic cross-reference table');
  const [first, count] = [Number(xref[1]), Number(xref[2])];
  for (let i = 0; i < count; i++) {
    const entry = src.slice(xrefAt + xref[0].length + 20 * i, xrefAt + xref[0].length + 20 * i + 18);
    if (!entry.endsWith('n')) continue;
    const header = /^\d+\s+\d+\s+obj\b/.exec(src.slice(Number(entry.slice(0, 10)), Number(entry.slice(0, 10)) + 32));
    if (!header) throw new Error(`object ${first + i} is not where the cross-reference table says`);
    const lexer = new Lexer(src, Number(entry.slice(0, 10)) + header[0].length);
    const value = lexer.value();
    lexer.skip();
    let stream: Buffer | undefined;
    if (src.startsWith('stream', lexer.at) && isDict(value)) {
      const start = lexer.at + 'stream'.length + (src.startsWith('\r\n', lexer.at + 6) ? 2 : 1);
      const length = typeof value.Length === 'number' ? value.Length : src.indexOf('endstream', start) - start;
      const raw = pdf.subarray(start, start + length);
      stream = nameOf(value.Filter) === 'FlateDecode' ? inflateSync(raw) : raw;
    }
    objects.set(first + i, { value, ...(stream ? { stream } : {}) });
  }
  const resolve = (v: PdfValue | undefined): PdfValue | undefined => (v instanceof PdfRef ? objects.get(v.id)?.value : v);
  const dict = (v: PdfValue | undefined): PdfDict => {
    const d = resolve(v);
    if (!isDict(d)) throw new Error('expected a dictionary');
    return d;
  };
  const streamOf = (v: PdfValue | undefined) => {
    if (!(v instanceof PdfRef)) throw new Error('expected a stream reference');
    return objects.get(v.id)!.stream!;
  };

  const trailerAt = src.lastIndexOf('trailer');
  const catalog = dict(dict(new Lexer(src, trailerAt + 'trailer'.length).value()).Root);

  // Pages in order, each with its fonts' code → text maps.
  const pages: { id: number; dict: PdfDict }[] = [];
  const walk = (ref: PdfValue) => {
    const node = dict(ref);
    if (nameOf(node.Type) === 'Pages') for (const kid of node.Kids as PdfValue[]) walk(kid);
    else pages.push({ id: (ref as PdfRef).id, dict: node });
  };
  walk(catalog.Pages!);
  const pageNumber = new Map(pages.map((p, i) => [p.id, i + 1]));

  const cmaps = new Map<number, Map<number, string>>();
  const toUnicode = (fontRef: PdfValue): Map<number, string> => {
    const id = (fontRef as PdfRef).id;
    const known = cmaps.get(id);
    if (known) return known;
    const map = new Map<number, string>();
    const font = dict(fontRef);
    if (font.ToUnicode) {
      const utf16 = (s: string) => Buffer.from(s, 'latin1').swap16().toString('utf16le');
      const code = (s: string) => [...s].reduce((n, ch) => n * 256 + ch.charCodeAt(0), 0);
      const lexer = new Lexer(streamOf(font.ToUnicode).toString('latin1'));
      const values: PdfValue[] = [];
      while (!lexer.done()) values.push(lexer.value());
      let mode = '';
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v instanceof PdfOperator) {
          mode = v.op;
          continue;
        }
        if (mode === 'beginbfchar') {
          map.set(code(v as string), utf16(values[++i] as string));
        } else if (mode === 'beginbfrange') {
          const [low, high, target] = [code(v as string), code(values[++i] as string), values[++i]];
          for (let c = low; c <= high; c++) {
            if (Array.isArray(target)) map.set(c, utf16(target[c - low] as string));
            else {
              const first = utf16(target as string);
              map.set(c, first.slice(0, -1) + String.fromCharCode(first.charCodeAt(first.length - 1) + c - low));
            }
          }
        }
      }
    }
    cmaps.set(id, map);
    return map;
  };

  // Marked content: text by (page, MCID), artifacts, and what stands outside any marking.
  const contentText = new Map<string, string[]>();
  const artifactTexts: { page: number; type: string | null; text: string[] }[] = [];
  let unmarked = 0;
  for (const page of pages) {
    const number = pageNumber.get(page.id)!;
    const fonts = dict(dict(page.dict.Resources).Font);
    const contents = page.dict.Contents;
    const streams = (Array.isArray(contents) ? contents : [contents!]).map(streamOf);
    const lexer = new Lexer(Buffer.concat(streams).toString('latin1'));
    type Marking = { mcid: number | null; artifact: (typeof artifactTexts)[number] | null };
    const stack: Marking[] = [];
    let font = new Map<number, string>();
    let operands: PdfValue[] = [];
    const show = (strings: PdfValue[]) => {
      const text = strings.filter((s): s is string => typeof s === 'string').map((s) => {
        let out = '';
        for (let i = 0; i + 1 < s.length; i += 2) out += font.get(s.charCodeAt(i) * 256 + s.charCodeAt(i + 1)) ?? '\uFFFD';
        return out;
      }).join('');
      const marking = [...stack].reverse().find((m) => m.mcid !== null || m.artifact !== null);
      if (!marking) unmarked++;
      else if (marking.artifact) marking.artifact.text.push(text);
      else {
        const key = `${page.id}:${marking.mcid}`;
        contentText.set(key, [...(contentText.get(key) ?? []), text]);
      }
    };
    while (!lexer.done()) {
      const v = lexer.value();
      if (!(v instanceof PdfOperator)) {
        operands.push(v);
        continue;
      }
      switch (v.op) {
        case 'BDC':
        case 'BMC': {
          const [tag, props] = operands;
          const properties = isDict(props) ? props : {};
          const artifact = nameOf(tag) === 'Artifact' ? { page: number, type: nameOf(properties.Type), text: [] } : null;
          if (artifact) artifactTexts.push(artifact);
          stack.push({ mcid: typeof properties.MCID === 'number' ? properties.MCID : null, artifact });
          break;
        }
        case 'EMC':
          stack.pop();
          break;
        case 'Tf':
          font = toUnicode(fonts[nameOf(operands[0])!]!);
          break;
        case 'Tj':
        case "'":
          show([operands[0]!]);
          break;
        case '"':
          show([operands[2]!]);
          break;
        case 'TJ':
          show(operands[0] as PdfValue[]);
          break;
        case 'S':
        case 's':
        case 'f':
        case 'F':
        case 'f*':
        case 'B':
        case 'B*':
        case 'b':
        case 'b*':
        case 'Do':
          if (!stack.some((m) => m.mcid !== null || m.artifact !== null)) unmarked++;
          break;
      }
      operands = [];
    }
  }

  const element = (ref: PdfValue): StructureElement => {
    const d = dict(ref);
    const children: StructureElement[] = [];
    const parts: string[] = [];
    const pagesOf = new Set<number>();
    const own = (pageRef: PdfValue | undefined, mcid: number) => {
      const pageId = (pageRef as PdfRef).id;
      pagesOf.add(pageNumber.get(pageId)!);
      parts.push(...(contentText.get(`${pageId}:${mcid}`) ?? []));
    };
    const kids = d.K === undefined || d.K === null ? [] : Array.isArray(d.K) ? d.K : [d.K];
    for (const kid of kids) {
      if (typeof kid === 'number') own(d.Pg, kid);
      else if (isDict(kid) && nameOf(kid.Type) === 'MCR') own(kid.Pg ?? d.Pg, kid.MCID as number);
      else if (kid instanceof PdfRef && nameOf(dict(kid).Type) !== 'OBJR') {
        const child = element(kid);
        children.push(child);
        parts.push(child.text);
        child.pages.forEach((p) => pagesOf.add(p));
      }
    }
    const attributes = resolve(d.A);
    const plain = (v: PdfValue | undefined): unknown => (v instanceof PdfName ? v.name : Array.isArray(v) ? v.map(plain) : v);
    return {
      type: nameOf(d.S)!,
      attributes: isDict(attributes) ? Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, plain(v)])) : {},
      children,
      pages: [...pagesOf].sort((a, b) => a - b),
      text: collapse(parts.join(' ')),
    };
  };
  const root = catalog.StructTreeRoot === undefined ? undefined : dict(catalog.StructTreeRoot);
  const rootKids = root?.K === undefined || root.K === null ? [] : Array.isArray(root.K) ? root.K : [root.K];
  return { roots: rootKids.map(element), artifacts: artifactTexts.map((a) => ({ ...a, text: collapse(a.text.join(' ')) })), unmarked };
}
