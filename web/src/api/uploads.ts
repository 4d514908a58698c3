// Uploads: the tenant's list, one upload, a recalculation, and handing a file over (a
// presign request, then the PUT of the file with its progress).
import { request } from "./client";
import { NetworkError } from "./errors";
import type {
  EarlierUpload,
  GwpSet,
  PresignedUpload,
  RecalculationStarted,
  Upload,
  UploadPage,
  UploadStatus,
} from "./types";

export const PAGE_SIZE = 25;

/** Where an upload stops moving: polling ends there. */
export const FINISHED: ReadonlySet<UploadStatus> = new Set([
  "completed",
  "rejected",
  "failed",
  "duplicate",
]);

export function listUploads(cursor?: string): Promise<UploadPage> {
  return request<UploadPage>("GET", "/uploads", { query: { limit: PAGE_SIZE, cursor } });
}

export function getUpload(uploadId: string): Promise<Upload> {
  return request<Upload>("GET", `/uploads/${encodeURIComponent(uploadId)}`);
}

/** Calculate a completed (or failed) upload again; its new calculation's id. */
export function recalculate(uploadId: string): Promise<RecalculationStarted> {
  return request<RecalculationStarted>(
    "POST",
    `/uploads/${encodeURIComponent(uploadId)}/recalculate`,
    {
      body: {},
    },
  );
}

export interface PresignAsk {
  readonly filename: string;
  readonly content_type: string;
  readonly size: number;
  readonly gwp_set: GwpSet;
  readonly replace: boolean;
  readonly sha256?: string;
}

/**
 * A presigned PUT for the file, or the earlier upload that already holds its content (or
 * that the same Idempotency-Key made: a retry after a network failure makes no second one).
 */
export function askToUpload(
  ask: PresignAsk,
  idempotencyKey: string,
): Promise<PresignedUpload | EarlierUpload> {
  return request<PresignedUpload | EarlierUpload>("POST", "/uploads", {
    body: ask,
    headers: { "Idempotency-Key": idempotencyKey },
  });
}

export function isPresigned(answer: PresignedUpload | EarlierUpload): answer is PresignedUpload {
  return "upload_url" in answer;
}

/**
 * The presigned URL as a request to this origin (its path and query): the CSP lets the app
 * talk to its own origin only, and the front forwards the bucket's paths to S3 unchanged, the
 * signature with them.
 */
export function sameOrigin(uploadUrl: string): string {
  const parsed = new URL(uploadUrl, window.location.origin);
  return parsed.pathname + parsed.search;
}

export class TransferRefused extends Error {
  constructor(readonly status: number) {
    super(`transfer refused: ${status}`);
    this.name = "TransferRefused";
  }
}

/**
 * PUT `file` to the presigned URL with its signed headers, reporting the bytes sent (an
 * XMLHttpRequest: fetch reports no upload progress). Rejects with NetworkError when no
 * answer came, TransferRefused when S3 refused it; `signal` aborts it.
 */
export function transfer(
  presigned: PresignedUpload,
  file: Blob,
  onProgress: (sent: number, total: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", sameOrigin(presigned.upload_url));
    for (const [name, value] of Object.entries(presigned.upload_headers)) {
      xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.total || file.size);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(file.size, file.size);
        resolve();
      } else reject(new TransferRefused(xhr.status));
    };
    xhr.onerror = () => reject(new NetworkError());
    xhr.onabort = () => reject(new DOMException("aborted", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(file);
  });
}

/** The file's SHA-256 (hex), so the API can name a duplicate before any transfer. */
export async function sha256Of(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
