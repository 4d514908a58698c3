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

  /** Every request field the error names: its own, and each of `details.errors` (a record
   * with several faulty fields). */
  get fields(): readonly string[] {
    const named = new Set<string>(this.field ? [this.field] : []);
    const errors = this.details["errors"];
    if (Array.isArray(errors)) {
      for (const problem of errors as unknown[]) {
        const entry = (problem ?? {}) as Record<string, unknown>;
        const name = entry["field"] ?? entry["column"];
        if (typeof name === "string") named.add(name);
      }
    }
    return [...named];
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
