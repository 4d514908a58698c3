import { describe, expect, test } from "vitest";
import { match, screenFor } from "../../src/routes";

describe("routes", () => {
  test("patterns match literal segments and hand over parameters", () => {
    expect(match("/", "/")).toEqual({});
    expect(match("/uploads/:id", "/uploads/01a%2F2")).toEqual({ id: "01a/2" });
    expect(match("/uploads/:id", "/uploads")).toBeNull();
    expect(match("/uploads/:id", "/lines/42")).toBeNull();
  });

  test("the dashboard is at the root and an unknown path has no screen", () => {
    expect(screenFor("/")?.screen.title).toBe("dashboard.title");
    expect(screenFor("/no-such-page")).toBeNull();
  });
});
