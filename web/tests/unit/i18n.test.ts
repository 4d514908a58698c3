// The catalogues: the same keys and placeholders in both languages, every key used, and no
// words written into a component outside them.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { en } from "../../src/i18n/en";
import { ja } from "../../src/i18n/ja";
import { format } from "../../src/i18n";

const SRC = join(__dirname, "..", "..", "src");
// Attributes a person reads or hears.
const SPOKEN_ATTRIBUTES = new Set(["aria-label", "title", "placeholder", "alt", "label"]);
const WORD = /[A-Za-z\u3040-\u30ff\u4e00-\u9fff]/;

function sources(folder: string = SRC): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "").sort();

/** Words written straight into JSX: text between tags, and spoken attributes' values. */
export function literalWords(fileName: string, text: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && WORD.test(node.text)) found.push(node.text.trim());
    if (
      ts.isJsxAttribute(node) &&
      SPOKEN_ATTRIBUTES.has(node.name.getText(file)) &&
      node.initializer &&
      ts.isStringLiteral(node.initializer) &&
      WORD.test(node.initializer.text)
    ) {
      found.push(node.initializer.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe("the message catalogues", () => {
  test("Japanese has every English key, with the same placeholders, and no empty text", () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      const translated = ja[key as keyof typeof en];
      expect(translated.trim(), key).not.toBe("");
      expect(placeholders(translated), key).toEqual(placeholders(text));
    }
  });

  test("every key is used by the app", () => {
    const code = sources()
      .filter((path) => !path.includes(`${join("src", "i18n")}`))
      .map((path) => readFileSync(path, "utf-8"))
      .join("\n");
    const unused = Object.keys(en).filter((key) => !code.includes(`"${key}"`));
    expect(unused).toEqual([]);
  });

  test("no component writes words outside the catalogues", () => {
    const found = sources()
      .filter((path) => path.endsWith(".tsx"))
      .flatMap((path) =>
        literalWords(path, readFileSync(path, "utf-8")).map((w) => `${path}: ${w}`),
      );
    expect(found).toEqual([]);
  });

  test("the check finds text between tags and in spoken attributes", () => {
    const sample = `const a = <p title="Hello">Welcome {name}<img alt="" /><b>{t("x")}</b></p>;`;
    expect(literalWords("sample.tsx", sample)).toEqual(["Hello", "Welcome"]);
  });

  test("placeholders are filled and unknown ones left visible", () => {
    expect(format("{a} of {b}, {c}", { a: 1, b: "two" })).toBe("1 of two, {c}");
  });
});
