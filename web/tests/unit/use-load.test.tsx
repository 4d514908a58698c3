// useLoad: the one load-on-mount pattern of the screens; a stale answer must never land.
import { render } from "preact";
import { act } from "preact/test-utils";
import { describe, expect, test, vi } from "vitest";
import { type Load, useLoad } from "../../src/use-load";

function Probe(props: {
  input: string;
  load: (input: string) => Promise<string>;
  seen: (load: Load<string>) => void;
  onLoaded?: (value: string) => void;
}): null {
  props.seen(useLoad(() => props.load(props.input), [props.input], props.onLoaded));
  return null;
}

/** A load whose answers the test gives by hand, one per input. */
function byHand(): {
  load: (input: string) => Promise<string>;
  answer: (input: string, value: string) => Promise<void>;
} {
  const pending = new Map<string, (value: string) => void>();
  return {
    load: (input) => new Promise((resolve) => pending.set(input, resolve)),
    answer: (input, value) => act(async () => pending.get(input)!(value)),
  };
}

describe("useLoad", () => {
  test("an answer that comes back after the input changed is dropped", async () => {
    const { load, answer } = byHand();
    const kept: string[] = [];
    let last: Load<string> | null = null;
    const root = document.createElement("div");
    const probe = (input: string) => (
      <Probe
        input={input}
        load={load}
        seen={(seen) => (last = seen)}
        onLoaded={kept.push.bind(kept)}
      />
    );
    act(() => render(probe("a"), root));
    act(() => render(probe("b"), root));
    await answer("b", "answer b");
    await answer("a", "answer a");
    expect(last!.value).toBe("answer b");
    expect(kept).toEqual(["answer b"]);
  });

  test("a changed input empties the value until its answer; a reload keeps it", async () => {
    const { load, answer } = byHand();
    let last: Load<string> | null = null;
    const root = document.createElement("div");
    const probe = (input: string) => (
      <Probe input={input} load={load} seen={(seen) => (last = seen)} />
    );
    act(() => render(probe("a"), root));
    await answer("a", "answer a");
    act(() => last!.reload());
    expect(last!.value).toBe("answer a");
    await answer("a", "answer a again");
    expect(last!.value).toBe("answer a again");
    act(() => render(probe("b"), root));
    expect(last!.value).toBeNull();
    await answer("b", "answer b");
    expect(last!.value).toBe("answer b");
  });

  test("setValue replaces the value, or derives it from the one held", async () => {
    const { load, answer } = byHand();
    let last: Load<string> | null = null;
    const root = document.createElement("div");
    act(() => render(<Probe input="a" load={load} seen={(seen) => (last = seen)} />, root));
    await answer("a", "answer");
    act(() => {
      last!.setValue((held) => `${held} one`);
      last!.setValue((held) => `${held} two`);
    });
    expect(last!.value).toBe("answer one two");
    act(() => last!.setValue("replaced"));
    expect(last!.value).toBe("replaced");
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
