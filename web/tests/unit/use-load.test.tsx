// useLoad: the one load-on-mount pattern of the screens; a stale answer must never land.
import { render } from "preact";
import { act } from "preact/test-utils";
import { describe, expect, test, vi } from "vitest";
import { type Load, useLoad } from "../../src/use-load";

function Probe(props: {
  input: string;
  load: (input: string) => Promise<string>;
  seen: (load: Load<string>) => void;
}): null {
  props.seen(useLoad(() => props.load(props.input), [props.input]));
  return null;
}

describe("useLoad", () => {
  test("an answer that comes back after the input changed is dropped", async () => {
    const pending = new Map<string, (value: string) => void>();
    const load = (input: string): Promise<string> =>
      new Promise((resolve) => pending.set(input, resolve));
    let last: Load<string> | null = null;
    const root = document.createElement("div");
    act(() => render(<Probe input="a" load={load} seen={(seen) => (last = seen)} />, root));
    act(() => render(<Probe input="b" load={load} seen={(seen) => (last = seen)} />, root));
    await act(async () => pending.get("b")!("answer b"));
    await act(async () => pending.get("a")!("answer a"));
    expect(last!.value).toBe("answer b");
  });

  test("a failure is held until a reload succeeds", async () => {
    const load = vi
      .fn<(input: string) => Promise<string>>()
      .mockRejectedValueOnce(new Error("down"))
      .mockResolvedValueOnce("up");
    let last: Load<string> | null = null;
    const root = document.createElement("div");
    await act(async () =>
      render(<Probe input="a" load={load} seen={(seen) => (last = seen)} />, root),
    );
    await vi.waitFor(() => expect((last!.error as Error).message).toBe("down"));
    await act(async () => last!.reload());
    await vi.waitFor(() => expect(last!.value).toBe("up"));
    expect(last!.error).toBeNull();
    expect(load).toHaveBeenCalledTimes(2);
  });
});
