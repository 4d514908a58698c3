// What a call to the API can fail with.
import { locale } from "../i18n";
import { problemWords, refusalWords, type Problem } from "../refusal-words";

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

  /** The problems `details.errors` lists (the request validation's, each with its pydantic
   * `type`; or a record's several faulty fields), each with the field it names. */
  get problems(): readonly NamedProblem[] {
    const listed = this.details["errors"];
    if (!Array.isArray(listed)) return [];
    return (listed as readonly Record<string, unknown>[]).flatMap((entry) => {
      const name = entry["field"] ?? entry["column"];
      return typeof name === "string" ? [{ ...entry, name }] : [];
    });
  }

  /** Every field the error names, with the text to show beside it in the reader's language:
   * each of `details.errors` worded by its type, and the one a use case names. */
  get fields(): Readonly<Record<string, string>> {
    const named: Record<string, string> = {};
    for (const problem of this.problems) named[problem.name] = problemWords(problem);
    if (this.field !== null) named[this.field] = this.fieldWords();
    return named;
  }

  /** The text beside the field a use case names: its message in English; in another language
   * the refusal's sentence (by reason, code or status), with the message as the server's. */
  private fieldWords(): string {
    if (this.status === 400) return problemWords({ message: this.message });
    if (locale() === "en") return this.message;
    return refusalWords(this);
  }
}

/** One entry of `details.errors`, with the field it names. */
export interface NamedProblem extends Problem {
  readonly name: string;
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
