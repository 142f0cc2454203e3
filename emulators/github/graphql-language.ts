/**
 * A small GraphQL reader for the emulator: the type system definitions of a schema (SDL) and executable documents
 * (operations with variables, fields, aliases and arguments). Fragments and directives in operations are refused:
 * regionsync sends neither, so the emulator need not read them.
 */

export type TypeRef =
  | { kind: "named"; name: string }
  | { kind: "list"; of: TypeRef }
  | { kind: "nonNull"; of: TypeRef };

export type Value =
  | { kind: "variable"; name: string }
  | { kind: "int" | "float" | "string" | "boolean" | "null" | "enum"; value: string }
  | { kind: "list"; values: Value[] }
  | { kind: "object"; fields: Array<{ name: string; value: Value }> };

export interface FieldNode {
  alias?: string;
  name: string;
  args: Array<{ name: string; value: Value }>;
  selections?: FieldNode[];
}

export interface Operation {
  type: "query" | "mutation";
  name?: string;
  variables: Array<{ name: string; type: TypeRef; default?: Value }>;
  selections: FieldNode[];
}

export interface InputValueDef {
  name: string;
  type: TypeRef;
  default?: Value;
}

export interface TypeDef {
  kind: "type" | "interface" | "input" | "enum" | "union" | "scalar";
  name: string;
  fields: Map<string, { type: TypeRef; args: InputValueDef[] }>;
  inputFields: Map<string, InputValueDef>;
  values: string[];
}

export class GraphqlSyntaxError extends Error {}

const TOKEN =
  /[\s,\ufeff]+|#[^\n]*|("""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([_A-Za-z][_0-9A-Za-z]*)|(\.\.\.|[!$&()/:=@[\]{|}])/y;

interface Token {
  kind: "string" | "number" | "name" | "punct" | "end";
  text: string;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(source);
    if (!m) throw new GraphqlSyntaxError(`Syntax Error: Unexpected character "${source[at]}" at offset ${at}.`);
    if (m[1]) tokens.push({ kind: "string", text: m[1] });
    else if (m[2]) tokens.push({ kind: "number", text: m[2] });
    else if (m[3]) tokens.push({ kind: "name", text: m[3] });
    else if (m[4]) tokens.push({ kind: "punct", text: m[4] });
  }
  tokens.push({ kind: "end", text: "<EOF>" });
  return tokens;
}

class Reader {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}
  peek(text?: string): boolean {
    const t = this.tokens[this.i]!;
    return text === undefined ? t.kind !== "end" : t.text === text && t.kind !== "string";
  }
  next(): Token {
    return this.tokens[this.i++]!;
  }
  expect(text: string): void {
    const t = this.next();
    if (t.text !== text || t.kind === "string")
      throw new GraphqlSyntaxError(`Syntax Error: Expected "${text}", found "${t.text}".`);
  }
  name(): string {
    const t = this.next();
    if (t.kind !== "name") throw new GraphqlSyntaxError(`Syntax Error: Expected Name, found "${t.text}".`);
    return t.text;
  }
  skip(text: string): boolean {
    if (!this.peek(text)) return false;
    this.i++;
    return true;
  }
  kind(): Token["kind"] {
    return this.tokens[this.i]!.kind;
  }
}

function typeRef(r: Reader): TypeRef {
  let t: TypeRef;
  if (r.skip("[")) {
    t = { kind: "list", of: typeRef(r) };
    r.expect("]");
  } else t = { kind: "named", name: r.name() };
  return r.skip("!") ? { kind: "nonNull", of: t } : t;
}

function unquote(text: string): string {
  if (text.startsWith('"""')) return text.slice(3, -3);
  return JSON.parse(text) as string;
}

function value(r: Reader): Value {
  if (r.skip("$")) return { kind: "variable", name: r.name() };
  if (r.skip("[")) {
    const values: Value[] = [];
    while (!r.skip("]")) values.push(value(r));
    return { kind: "list", values };
  }
  if (r.skip("{")) {
    const fields: Array<{ name: string; value: Value }> = [];
    while (!r.skip("}")) {
      const name = r.name();
      r.expect(":");
      fields.push({ name, value: value(r) });
    }
    return { kind: "object", fields };
  }
  const kind = r.kind();
  const t = r.next();
  if (kind === "string") return { kind: "string", value: unquote(t.text) };
  if (kind === "number") return { kind: /[.eE]/.test(t.text) ? "float" : "int", value: t.text };
  if (kind === "name") {
    if (t.text === "true" || t.text === "false") return { kind: "boolean", value: t.text };
    return t.text === "null" ? { kind: "null", value: "null" } : { kind: "enum", value: t.text };
  }
  throw new GraphqlSyntaxError(`Syntax Error: Unexpected "${t.text}".`);
}

function selectionSet(r: Reader): FieldNode[] {
  r.expect("{");
  const fields: FieldNode[] = [];
  while (!r.skip("}")) {
    if (r.peek("...")) throw new GraphqlSyntaxError("Fragments are not supported by this emulator.");
    let name = r.name();
    let alias: string | undefined;
    if (r.skip(":")) {
      alias = name;
      name = r.name();
    }
    const args: FieldNode["args"] = [];
    if (r.skip("(")) {
      while (!r.skip(")")) {
        const arg = r.name();
        r.expect(":");
        args.push({ name: arg, value: value(r) });
      }
    }
    if (r.peek("@")) throw new GraphqlSyntaxError("Directives are not supported by this emulator.");
    fields.push({ ...(alias ? { alias } : {}), name, args, ...(r.peek("{") ? { selections: selectionSet(r) } : {}) });
  }
  return fields;
}

/** The operations of an executable document. */
export function parseOperations(source: string): Operation[] {
  const r = new Reader(tokenize(source));
  const operations: Operation[] = [];
  while (r.peek()) {
    if (r.peek("{")) {
      operations.push({ type: "query", variables: [], selections: selectionSet(r) });
      continue;
    }
    const type = r.name();
    if (type !== "query" && type !== "mutation")
      throw new GraphqlSyntaxError(`Syntax Error: Unexpected Name "${type}".`);
    const name = r.peek("(") || r.peek("{") ? undefined : r.name();
    const variables: Operation["variables"] = [];
    if (r.skip("(")) {
      while (!r.skip(")")) {
        r.expect("$");
        const variable = r.name();
        r.expect(":");
        const t = typeRef(r);
        variables.push({ name: variable, type: t, ...(r.skip("=") ? { default: value(r) } : {}) });
      }
    }
    operations.push({ type, ...(name ? { name } : {}), variables, selections: selectionSet(r) });
  }
  return operations;
}

function inputValues(r: Reader, close: string): InputValueDef[] {
  const list: InputValueDef[] = [];
  while (!r.skip(close)) {
    const name = r.name();
    r.expect(":");
    const type = typeRef(r);
    list.push({ name, type, ...(r.skip("=") ? { default: value(r) } : {}) });
  }
  return list;
}

/** The type definitions of a schema in SDL (descriptions, interfaces and unions read; directives refused). */
export function parseSchema(source: string): Map<string, TypeDef> {
  const r = new Reader(tokenize(source.replace(/"""[\s\S]*?"""/g, "")));
  const types = new Map<string, TypeDef>();
  while (r.peek()) {
    const kind = r.name() as TypeDef["kind"];
    const def: TypeDef = { kind, name: r.name(), fields: new Map(), inputFields: new Map(), values: [] };
    if (r.skip("implements")) while (r.kind() === "name" || r.peek("&")) r.next();
    if (kind === "union") {
      r.expect("=");
      do def.values.push(r.name());
      while (r.skip("|"));
    } else if (kind === "enum") {
      r.expect("{");
      while (!r.skip("}")) def.values.push(r.name());
    } else if (kind === "input") {
      r.expect("{");
      for (const v of inputValues(r, "}")) def.inputFields.set(v.name, v);
    } else if (kind === "type" || kind === "interface") {
      r.expect("{");
      while (!r.skip("}")) {
        const name = r.name();
        const args = r.skip("(") ? inputValues(r, ")") : [];
        r.expect(":");
        def.fields.set(name, { type: typeRef(r), args });
      }
    } else if (kind !== "scalar") throw new GraphqlSyntaxError(`Unknown definition "${kind}".`);
    types.set(def.name, def);
  }
  return types;
}
