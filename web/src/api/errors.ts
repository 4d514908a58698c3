// What a call to the API can fail with.

/** The API's error shape: `{"error": {"code", "message", "details"}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The request field the error names, if any (to show the text beside that field). */
  get field(): string | null {
    const field = this.details["field"];
    return typeof field === "string" ? field : null;
  }

  /** Every field the error names, with its message: the one a use case names, and each of
   * `details.errors` (the request validation's, or a record's several faulty fields). */
  get fields(): Readonly<Record<string, string>> {
    const named: Record<string, string> = {};
    const listed = this.details["errors"];
    if (Array.isArray(listed)) {
      for (const entry of listed as readonly Record<string, unknown>[]) {
        const name = entry["field"] ?? entry["column"];
        if (typeof name === "string") named[name] = String(entry["message"] ?? "");
      }
    }
    if (this.field !== null) named[this.field] = this.message;
    return named;
  }
}

/** The network failed: no answer at all. */
export class NetworkError extends Error {
  constructor() {
    super("network");
    this.name = "NetworkError";
  }
}

export async function errorOf(response: Response): Promise<ApiError> {
  try {
    const payload = (await response.json()) as {
      error?: { code?: string; message?: string; details?: Record<string, unknown> };
    };
    const error = payload.error ?? {};
    return new ApiError(
      response.status,
      error.code ?? "unknown",
      error.message ?? response.statusText,
      error.details ?? {},
    );
  } catch {
    return new ApiError(response.status, "unknown", response.statusText);
  }
}
