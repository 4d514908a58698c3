// Uploads: the browser's refusals before any transfer, the transfer's progress and failures,
// the Idempotency-Key a retry sends again, and what each role is shown.
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, test, vi } from "vitest";
import { NetworkError } from "../../src/api/errors";
import type { Me, PresignedUpload, Upload } from "../../src/api/types";
import { askToUpload, sameOrigin, transfer, TransferRefused } from "../../src/api/uploads";
import { setLocale } from "../../src/i18n";
import { problemsOf, stillMoving, Upload as UploadScreen } from "../../src/screens/Upload";
import { Uploads } from "../../src/screens/Uploads";
import { MeContext } from "../../src/session";
import { contentTypeOf, MAX_UPLOAD_BYTES, refusalOf, sizeText } from "../../src/upload-rules";

afterEach(() => {
  vi.unstubAllGlobals();
  setLocale("en");
});

describe("the browser's checks before any transfer", () => {
  test("CSV, XLSX and JSON are taken, with the media type the API reads", () => {
    expect(contentTypeOf("2025.CSV")).toBe("text/csv");
    expect(contentTypeOf("a.b.xlsx")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    expect(contentTypeOf("records.jsonl")).toBe("application/x-ndjson");
    expect(refusalOf({ name: "2025.json", size: 10 })).toBeNull();
  });

  test("another type, more than 1 GB, or nothing at all is refused", () => {
    expect(refusalOf({ name: "notes.txt", size: 10 })).toBe("uploads.refusedType");
    expect(refusalOf({ name: "no-extension", size: 10 })).toBe("uploads.refusedType");
    expect(refusalOf({ name: "big.csv", size: MAX_UPLOAD_BYTES })).toBeNull();
    expect(refusalOf({ name: "big.csv", size: MAX_UPLOAD_BYTES + 1 })).toBe("uploads.refusedSize");
    expect(refusalOf({ name: "empty.csv", size: 0 })).toBe("uploads.refusedEmpty");
  });

  test("a refused file is named with its size, and nothing is sent", async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal("fetch", fetchMock);
    fetchMock.mockResolvedValue(new Response(JSON.stringify({ uploads: [] }), { status: 200 }));
    const root = await shown(<Uploads />, EDITOR);
    const input = root.querySelector<HTMLInputElement>("input[type=file]");
    // A File that says it is larger than 1 GB without holding the bytes.
    const huge = new File(["x"], "year.csv", { type: "text/csv" });
    Object.defineProperty(huge, "size", { value: MAX_UPLOAD_BYTES + 1 });
    Object.defineProperty(input, "files", { value: [huge], configurable: true });
    await act(async () => {
      input?.dispatchEvent(new Event("change"));
    });
    expect(root.querySelector("[data-testid=upload-refused]")?.textContent).toBe(
      "year.csv is 1.0 GB; files up to 1 GB can be uploaded. Split it into smaller files, then upload each.",
    );
    expect(fetchMock.mock.calls.map((call) => call[0])).toEqual(["/v1/uploads?limit=25"]);
  });

  test("sizes read in binary units, in the chosen language", () => {
    expect(sizeText(835)).toBe("835 bytes");
    expect(sizeText(73_400_320)).toBe("70.0 MB");
    setLocale("ja");
    expect(sizeText(835)).toBe("835 バイト");
  });
});

const PRESIGNED: PresignedUpload = {
  upload_id: "u-1",
  upload_url:
    "http://127.0.0.1:5123/footprint-uploads/tenants/t-1/uploads/u-1/source?X-Amz-Signature=ab",
  upload_headers: { "Content-Type": "text/csv", "x-amz-server-side-encryption": "aws:kms" },
  expires_at: "2026-12-05T14:15:00Z",
  status: "pending",
};

/** An XMLHttpRequest that records what it is asked and answers as `finish` says. */
function fakeXhr(finish: (xhr: FakeXhr) => void): FakeXhr[] {
  const made: FakeXhr[] = [];
  class FakeXhr {
    method = "";
    url = "";
    headers: Record<string, string> = {};
    status = 0;
    upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    constructor() {
      made.push(this);
    }
    open(method: string, url: string): void {
      this.method = method;
      this.url = url;
    }
    setRequestHeader(name: string, value: string): void {
      this.headers[name] = value;
    }
    send(): void {
      finish(this);
    }
    abort(): void {
      this.onabort?.();
    }
  }
  vi.stubGlobal("XMLHttpRequest", FakeXhr);
  return made as unknown as FakeXhr[];
}
type FakeXhr = {
  method: string;
  url: string;
  headers: Record<string, string>;
  status: number;
  upload: { onprogress: ((event: ProgressEvent) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
};

describe("the transfer", () => {
  test("PUTs to this origin with the signed headers, reporting the bytes sent", async () => {
    const made = fakeXhr((xhr) => {
      xhr.upload.onprogress?.({ loaded: 4, total: 10 } as ProgressEvent);
      xhr.status = 200;
      xhr.onload?.();
    });
    const progress: [number, number][] = [];
    const file = new Blob(["0123456789"]);
    await transfer(PRESIGNED, file, (sent, total) => progress.push([sent, total]));
    expect(made[0]?.method).toBe("PUT");
    expect(made[0]?.url).toBe(
      "/footprint-uploads/tenants/t-1/uploads/u-1/source?X-Amz-Signature=ab",
    );
    expect(made[0]?.headers).toEqual(PRESIGNED.upload_headers);
    expect(progress).toEqual([
      [4, 10],
      [10, 10],
    ]);
  });

  test("no answer is a NetworkError; a refusal names its status", async () => {
    fakeXhr((xhr) => xhr.onerror?.());
    await expect(transfer(PRESIGNED, new Blob(["x"]), () => {})).rejects.toBeInstanceOf(
      NetworkError,
    );
    fakeXhr((xhr) => {
      xhr.status = 403;
      xhr.onload?.();
    });
    const refused = await transfer(PRESIGNED, new Blob(["x"]), () => {}).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TransferRefused);
    expect((refused as TransferRefused).status).toBe(403);
  });

  test("the same origin keeps the URL's path and query as signed", () => {
    expect(sameOrigin("https://bucket.s3.example/tenants/t/u/source?a=%2F&b=1")).toBe(
      "/tenants/t/u/source?a=%2F&b=1",
    );
  });
});

describe("asking to upload", () => {
  test("sends the Idempotency-Key with the presign request", async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify(PRESIGNED), { status: 201 }));
    vi.stubGlobal("fetch", fetchMock);
    const ask = {
      filename: "a.csv",
      content_type: "text/csv",
      size: 10,
      gwp_set: "AR5" as const,
      replace: false,
    };
    expect(await askToUpload(ask, "key-1")).toEqual(PRESIGNED);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/v1/uploads");
    expect((init.headers as Record<string, string>)["Idempotency-Key"]).toBe("key-1");
    expect(JSON.parse(init.body as string)).toEqual(ask);
  });

  test("after a network failure, trying again sends the same key", async () => {
    const keys: string[] = [];
    const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
      if (url.startsWith("/v1/uploads?")) return new Response('{"uploads": []}', { status: 200 });
      keys.push((init.headers as Record<string, string>)["Idempotency-Key"] ?? "");
      if (keys.length === 1) throw new TypeError("offline");
      return new Response(
        JSON.stringify({ upload_id: "u-1", status: "completed", duplicate: true }),
        {
          status: 200,
        },
      );
    });
    vi.stubGlobal("fetch", fetchMock);
    const root = await shown(<Uploads />, EDITOR);
    await choose(root, new File(["a,b\n1,2\n"], "a.csv", { type: "text/csv" }));
    await settle(() => root.querySelector("[role=alert] button") !== null);
    await act(async () => {
      root.querySelector<HTMLButtonElement>("[role=alert] button")?.click();
    });
    await settle(() => root.querySelector("[data-testid=upload-duplicate]") !== null);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });
});

const UPLOAD: Upload = {
  upload_id: "u-1",
  filename: "a.csv",
  content_type: "text/csv",
  format: "csv",
  sheet: null,
  size: 835,
  status: "calculating",
  reason: null,
  rows_total: 7,
  rows_done: 3,
  error_count: 0,
  errors: null,
  totals: null,
  gwp_set: "AR5",
  calculation_id: "c-1",
  current_calculation: null,
  duplicate_of: null,
  replaces: null,
  replaced_by: null,
  created_at: "2026-12-05T14:00:00Z",
  updated_at: "2026-12-05T14:00:01Z",
};

describe("one upload", () => {
  test("row errors and personal-data findings are told apart", () => {
    const { rowErrors, findings } = problemsOf({
      ...UPLOAD,
      status: "rejected",
      errors: [
        { row: 3, column: "quantity", message: "quantity is not a number" },
        { row: 2, column: "reference", kind: "email" },
      ],
    });
    expect(rowErrors.map((p) => p.row)).toEqual([3]);
    expect(findings.map((p) => p.kind)).toEqual(["email"]);
  });

  test("is followed while calculating, and after a recalculation until it is published", () => {
    expect(stillMoving(UPLOAD, null)).toBe(true);
    expect(stillMoving({ ...UPLOAD, status: "pending" }, null)).toBe(false);
    const done = { ...UPLOAD, status: "completed" as const, current_calculation: "c-1" };
    expect(stillMoving(done, null)).toBe(false);
    expect(stillMoving(done, "c-2")).toBe(true);
    expect(stillMoving({ ...done, current_calculation: "c-2" }, "c-2")).toBe(false);
    expect(stillMoving({ ...done, status: "failed" }, "c-2")).toBe(false);
  });

  test("shows the rows done of the rows total as a progress bar", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(JSON.stringify(UPLOAD), { status: 200 })),
    );
    const root = await shown(<UploadScreen params={{ id: "u-1" }} />, EDITOR);
    await settle(() => root.querySelector("progress") !== null);
    const bar = root.querySelector("progress");
    expect([bar?.getAttribute("value"), bar?.getAttribute("max")]).toEqual(["3", "7"]);
    expect(root.textContent).toContain("3 of 7 rows calculated");
    render(null, root);
  });
});

describe("what each role is shown", () => {
  test.each([
    ["admin", true],
    ["editor", true],
    ["viewer", false],
    ["auditor", false],
  ] as const)("%s: upload and recalculate shown: %s", async (role, shownToRole) => {
    const completed = { ...UPLOAD, status: "completed" as const, current_calculation: "c-1" };
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string) =>
        url.startsWith("/v1/uploads?")
          ? new Response(JSON.stringify({ uploads: [completed] }), { status: 200 })
          : new Response(JSON.stringify(completed), { status: 200 }),
      ),
    );
    const me = { ...EDITOR, role };
    const list = await shown(<Uploads />, me);
    await settle(() => list.querySelector("table") !== null);
    expect(list.querySelector("input[type=file]") !== null).toBe(shownToRole);
    const one = await shown(<UploadScreen params={{ id: "u-1" }} />, me);
    await settle(() => one.querySelector("[data-testid=upload-status]") !== null);
    const buttons = [...one.querySelectorAll("button")].map((b) => b.textContent);
    expect(buttons.includes("Recalculate")).toBe(shownToRole);
  });
});

const EDITOR: Me = {
  user_id: "u",
  email: "e@example.com",
  name: "E",
  role: "editor",
  status: "active",
  mfa_enabled: true,
  has_password: true,
  tenant_id: "t",
  tenant_name: "T",
};

async function shown(element: preact.JSX.Element, me: Me): Promise<HTMLElement> {
  const root = document.createElement("div");
  document.body.append(root);
  await act(async () => {
    render(<MeContext.Provider value={me}>{element}</MeContext.Provider>, root);
  });
  return root;
}

async function choose(root: HTMLElement, file: File): Promise<void> {
  const input = root.querySelector<HTMLInputElement>("input[type=file]");
  Object.defineProperty(input, "files", { value: [file], configurable: true });
  await act(async () => {
    input?.dispatchEvent(new Event("change"));
  });
}

/** Let promises and renders run until `done` holds (or fail after a while). */
async function settle(done: () => boolean): Promise<void> {
  for (let round = 0; round < 50 && !done(); round++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
    });
  }
  expect(done()).toBe(true);
}
