// The one assertion every API test makes about a success: the status; returns
// the parsed body for the test to look at.
import { expect } from 'vitest';

export async function expectJson<T = Record<string, unknown>>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  // The body in the comparison makes a wrong status show what the API said.
  expect({ status: res.status, body: text }).toMatchObject({ status });
  return JSON.parse(text) as T;
}
