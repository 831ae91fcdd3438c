// What the sharing and review commands need from the API (issue 15): the
// preview of a share and the share itself, the case's shares to refresh or
// withdraw, the shares the investigator has
// received, a review of an assessment (and the reason of a blind regrade), and
// the reviews beside an assessment. Apart from the assessment
// client's interface so its test doubles need not grow; the HTTP client
// implements both.
import type { z } from 'zod';
import type { CreateShareRequest, receivedShareSchema, sharePreviewSchema, shareResponseSchema } from '../api/shareContract.js';
import type { CreateReviewRequest, reviewBasisResponseSchema, reviewResponseSchema } from '../api/reviewContract.js';
import type { OfficerRef } from './assessmentApi.js';

export type SharePreview = z.output<typeof sharePreviewSchema>;
export type ShareResponse = z.output<typeof shareResponseSchema>;
export type ReceivedShare = z.output<typeof receivedShareSchema>;
export type ReviewResponse = z.output<typeof reviewResponseSchema>;
export type ReviewBasis = z.output<typeof reviewBasisResponseSchema>;

export interface SharingApi {
  /** What a share of the case would send now (GET /cases/{caseNumber}/shares/preview). */
  sharePreview(officer: OfficerRef, caseNumber: string): Promise<SharePreview>;
  /** Shares the case (POST /cases/{caseNumber}/shares). */
  createShare(officer: OfficerRef, caseNumber: string, request: CreateShareRequest): Promise<ShareResponse>;
  /** The case's shares, withdrawn ones too, newest first (GET /cases/{caseNumber}/shares). */
  caseShares(officer: OfficerRef, caseNumber: string): Promise<ShareResponse[]>;
  /**
   * A new snapshot of the share, the earlier ones kept (POST /cases/{caseNumber}/shares/{shareId}/refresh); with
   * `snapshotHash` (the preview confirmed) only while the case still shows exactly that, else ApiError 'stale'.
   */
  refreshShare(officer: OfficerRef, caseNumber: string, shareId: string, snapshotHash?: string): Promise<ShareResponse>;
  /** Withdraws the share with a reason (DELETE /cases/{caseNumber}/shares/{shareId}). */
  withdrawShare(officer: OfficerRef, caseNumber: string, shareId: string, reason: string): Promise<ShareResponse>;
  /** The live shares addressed to the officer (GET /shares). */
  receivedShares(officer: OfficerRef): Promise<ReceivedShare[]>;
  /** What a blind reviewer grades from (GET /assessments/{id}/review-basis). */
  reviewBasis(officer: OfficerRef, assessmentId: string): Promise<ReviewBasis>;
  /** Records a review (POST /assessments/{id}/reviews). */
  createReview(officer: OfficerRef, assessmentId: string, request: CreateReviewRequest): Promise<ReviewResponse>;
  /** The reason of the officer's own blind regrade, given after seeing the original (PUT /assessments/{id}/reviews/{reviewId}/reason). */
  giveReviewReason(officer: OfficerRef, assessmentId: string, reviewId: string, reason: string): Promise<ReviewResponse>;
  /** The reviews beside an assessment the officer may read, oldest first (GET /assessments/{id}/reviews). */
  reviews(officer: OfficerRef, assessmentId: string): Promise<ReviewResponse[]>;
}
