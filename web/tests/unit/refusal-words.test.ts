// The API's refusals in the reader's language: each validation type with its limit, each
// use case's refusal by reason, code and status, the server's English kept only for a reader
// of another language, and the text beside a field.
import { afterEach, describe, expect, test } from "vitest";
import { ApiError } from "../../src/api/errors";
import { describeError } from "../../src/describe-error";
import { setLocale, type Locale } from "../../src/i18n";
import { problemWords } from "../../src/refusal-words";

afterEach(() => setLocale("en"));

/** A 400 of request validation naming one field, as the API answers it. */
function invalid(field: string, type: string, ctx?: Record<string, unknown>): ApiError {
  const problem = { field, location: "body", message: "pydantic's English", type, ctx };
  return new ApiError(400, "invalid_input", "The request is not valid.", { errors: [problem] });
}

// Each type, its limits, and the words beside the field in each language.
const TYPES: readonly [string, Record<string, unknown> | undefined, string, string][] = [
  ["missing", undefined, "This is required.", "必須の項目です。入力してください。"],
  [
    "string_too_short",
    { min_length: 1 },
    "This must not be empty.",
    "空にはできません。入力してください。",
  ],
  [
    "string_too_short",
    { min_length: 3 },
    "Enter at least 3 characters.",
    "3 文字以上で入力してください。",
  ],
  [
    "string_too_long",
    { max_length: 200 },
    "Enter at most 200 characters.",
    "200 文字以内で入力してください。",
  ],
  ["too_short", { min_length: 1 }, "Give at least one entry.", "1 件以上を入力してください。"],
  ["too_short", { min_length: 2 }, "Give at least 2 entries.", "2 件以上を入力してください。"],
  [
    "too_long",
    { max_length: 100, actual_length: 101 },
    "Give at most 100 entries.",
    "100 件以内にしてください。",
  ],
  [
    "greater_than_equal",
    { ge: 1 },
    "Enter a number of at least 1.",
    "1 以上の数を入力してください。",
  ],
  [
    "greater_than",
    { gt: 0 },
    "Enter a number greater than 0.",
    "0 より大きい数を入力してください。",
  ],
  [
    "less_than_equal",
    { le: 365 },
    "Enter a number no greater than 365.",
    "365 以下の数を入力してください。",
  ],
  [
    "less_than_equal",
    { le: 10000 },
    "Enter a number no greater than 10,000.",
    "10,000 以下の数を入力してください。",
  ],
  ["less_than", { lt: 5 }, "Enter a number less than 5.", "5 未満の数を入力してください。"],
  [
    "literal_error",
    { expected: "'viewer' or 'editor'" },
    "Choose one of 'viewer' or 'editor'.",
    "次のいずれかを選んでください: 'viewer' or 'editor'",
  ],
  [
    "enum",
    { expected: "'AR4', 'AR5' or 'AR6'" },
    "Choose one of 'AR4', 'AR5' or 'AR6'.",
    "次のいずれかを選んでください: 'AR4', 'AR5' or 'AR6'",
  ],
  ["int_parsing", undefined, "Enter a whole number.", "整数を入力してください。"],
  ["float_parsing", undefined, "Enter a number.", "数値を入力してください。"],
  ["bool_parsing", undefined, "Choose yes or no.", "「はい」か「いいえ」を選んでください。"],
  ["string_type", undefined, "Enter text.", "文字列を入力してください。"],
  [
    "string_pattern_mismatch",
    { pattern: "^\\d{4}-\\d{2}$" },
    "This is not in the expected format.",
    "形式が正しくありません。確認してください。",
  ],
  [
    "extra_forbidden",
    undefined,
    "This field is not accepted here.",
    "この項目は受け付けられません。",
  ],
  [
    "date_from_datetime_parsing",
    { error: "input is too short" },
    "Enter a date as YYYY-MM-DD.",
    "日付を YYYY-MM-DD の形式で入力してください。",
  ],
];

describe("a validation problem beside its field", () => {
  test.each(TYPES)("%s %j", (type, ctx, english, japanese) => {
    setLocale("en");
    expect(invalid("days", type, ctx).fields["days"]).toBe(english);
    setLocale("ja");
    expect(invalid("days", type, ctx).fields["days"]).toBe(japanese);
  });

  test("a type or reason named like one of Object's own is not known", () => {
    setLocale("en");
    expect(invalid("x", "constructor").fields["x"]).toBe("pydantic's English");
    const odd = new ApiError(409, "toString", "Odd.", { reason: "__proto__" });
    setLocale("ja");
    expect(describeError(odd)).toMatch(/^現在の状態と合わないため/);
  });

  test("a list's limits are joined", () => {
    setLocale("ja");
    const error = invalid("kind", "literal_error", { expected: ["csv", "xlsx"] });
    expect(error.fields["kind"]).toBe("次のいずれかを選んでください: csv, xlsx");
  });

  test("a type it does not know: its message in English, 'check this value' with it in Japanese", () => {
    const error = invalid("domain", "value_error");
    expect(error.fields["domain"]).toBe("pydantic's English");
    setLocale("ja");
    expect(error.fields["domain"]).toBe(
      "この値を確認してください。\nサーバーからの説明（英語）: pydantic's English",
    );
  });

  test("a limited type without its limit falls back the same way", () => {
    setLocale("ja");
    expect(problemWords({ type: "less_than_equal", message: "too big" })).toBe(
      "この値を確認してください。\nサーバーからの説明（英語）: too big",
    );
    setLocale("en");
    expect(problemWords({ type: "less_than_equal" })).toBe("Check this value.");
  });

  test("a use case's field: its message in English, worded with the server's in Japanese", () => {
    const taken = new ApiError(409, "conflict", "That name is taken.", { field: "name" });
    const entry = new ApiError(400, "invalid_input", "'x' is not an IPv4 or IPv6 network (CIDR).", {
      field: "ip_allowlist.1",
    });
    expect(taken.fields).toEqual({ name: "That name is taken." });
    expect(entry.fields).toEqual({
      "ip_allowlist.1": "'x' is not an IPv4 or IPv6 network (CIDR).",
    });
    setLocale("ja");
    expect(taken.fields["name"]).toBe(
      "現在の状態と合わないため、受け付けられませんでした。その間に変更された可能性があります。再読み込みしてから、もう一度お試しください。\nサーバーからの説明（英語）: That name is taken.",
    );
    expect(entry.fields["ip_allowlist.1"]).toBe(
      "この値を確認してください。\nサーバーからの説明（英語）: 'x' is not an IPv4 or IPv6 network (CIDR).",
    );
  });

  test("a record's several faulty fields (no type) are each placed", () => {
    const error = new ApiError(400, "invalid_input", "first", {
      errors: [
        { row: 0, column: "name", message: "first" },
        { row: 0, column: "email", message: "second" },
      ],
    });
    expect(error.fields).toEqual({ name: "first", email: "second" });
  });
});

describe("a validation refusal in a sentence", () => {
  const error = new ApiError(400, "invalid_input", "The request is not valid.", {
    errors: [
      {
        field: "expires_in_days",
        location: "body",
        message: "m",
        type: "less_than_equal",
        ctx: { le: 365 },
      },
      { field: "role", location: "body", message: "m", type: "missing" },
    ],
  });

  test("names each field by the screen's label, or as the API names it", () => {
    expect(describeError(error, { expires_in_days: "Expires in (days)" })).toBe(
      "Check the highlighted fields: Expires in (days): Enter a number no greater than 365. role: This is required.",
    );
    setLocale("ja");
    expect(describeError(error, { expires_in_days: "有効期間（日）" })).toBe(
      "強調表示された項目を確認してください: 有効期間（日）: 365 以下の数を入力してください。 role: 必須の項目です。入力してください。",
    );
  });
});

describe("a use case's refusal", () => {
  const SERVER = "\nサーバーからの説明（英語）: ";
  // status, code, reason, the Japanese sentence that leads.
  const REFUSALS: readonly [number, string, string | undefined, RegExp][] = [
    [400, "invalid_input", undefined, /^入力内容が受け付けられませんでした。/],
    [400, "invalid_json", undefined, /^リクエストを読み取れませんでした。/],
    [403, "forbidden", undefined, /^あなたのロールではこの操作はできません。/],
    [404, "not_found", undefined, /^見つかりませんでした。/],
    [409, "conflict", undefined, /^現在の状態と合わないため/],
    [409, "conflict", "last_admin", /^この組織の最後の管理者です。/],
    [409, "conflict", "held_elsewhere", /^このドメインは別の組織が検証済みです。/],
    [409, "conflict", "record_not_found", /^TXT レコードが見つかりません。/],
    [409, "conflict", "domain_held_elsewhere", /^このアドレスのドメインは別の組織が検証済み/],
    [409, "conflict", "a_reason_not_known", /^現在の状態と合わないため/],
    [413, "payload_too_large", undefined, /^サービスが受け付ける大きさを超えています。/],
    [422, "unprocessable", undefined, /^同じキーで送られた以前のリクエストと内容が一致しません。/],
    [423, "locked", undefined, /^.*1 分/],
    [429, "too_many_requests", undefined, /^リクエストが多すぎます。/],
    [418, "teapot", undefined, /^リクエストは受け付けられませんでした。/],
  ];

  test.each(REFUSALS)(
    "%i %s %s: Japanese leads, the server's words follow",
    (status, code, reason, lead) => {
      const details = reason ? { reason, retry_after_seconds: 30 } : { retry_after_seconds: 30 };
      const error = new ApiError(status, code, "The server's own English.", details);
      setLocale("ja");
      const words = describeError(error);
      expect(words).toMatch(lead);
      expect(words.endsWith(`${SERVER}The server's own English.`)).toBe(true);
      expect(words.split("\n")).toHaveLength(2);
    },
  );

  test.each([
    [400, "Check the highlighted fields: Not so."],
    [403, "Your role does not allow this. Ask an administrator if you need it."],
    [404, "This was not found. It may have been removed."],
    [409, "The request was refused: Not so."],
    [422, "The request was refused: Not so."],
    [429, "Too many requests. Wait a moment, then try again."],
  ] as const)("%i in English is as before, with no line of the server's", (status, english) => {
    const error = new ApiError(status, "code", "Not so.", { reason: "last_admin" });
    expect(describeError(error)).toBe(english);
  });

  test("an empty message adds no line of the server's", () => {
    setLocale("ja" as Locale);
    expect(describeError(new ApiError(409, "conflict", ""))).not.toContain("\n");
  });
});
