// The one assertion every API test makes about an error: the status, the RFC
// 9457 media type, the specific problem type, and a title; returns the body
// so a test can look at its issues.
import { expect } from 'vitest';
import type { ProblemType } from '../api/problem.js';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { code: string; path: (string | number)[]; message: string }[];
}

export async function expectProblem(res: Response, status: number, type: ProblemType): Promise<ProblemBody> {
  const text = await res.text();
  // The body in the comparison makes a wrong status show what the API said.
  expect({ status: res.status, body: text }).toMatchObject({ status });
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json\b/);
  const body = JSON.parse(text) as ProblemBody;
  expect(body).toMatchObject({ type: `urn:bops:problem:${type}`, status });
  expect(body.title).toEqual(expect.any(String));
  return body;
}
