/**
 * Checks a GraphQL request against the schema (fields and arguments exist, required arguments and variables are given,
 * variables are declared, used and of the argument's type, variable values fit their input types) and runs it over
 * plain objects whose fields are values or resolvers. What GitHub's server checks beyond the schema is the resolvers'.
 */
import {
  type FieldNode,
  type InputValueDef,
  type Operation,
  parseOperations,
  type TypeDef,
  type TypeRef,
  type Value,
} from "./graphql-language.js";

export type Json = Record<string, unknown>;

/** A field's failure, reported in `errors` with its type and path; the field becomes null. */
export class FieldError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const named = (t: TypeRef): string => (t.kind === "named" ? t.name : named(t.of));
const show = (t: TypeRef): string =>
  t.kind === "named" ? t.name : t.kind === "list" ? `[${show(t.of)}]` : `${show(t.of)}!`;
const leafKinds = new Set(["scalar", "enum"]);
const builtins = new Set(["String", "Int", "Float", "Boolean", "ID"]);

/** Problems of an input value against `type`; `where` names it in messages. */
function inputProblems(types: Map<string, TypeDef>, type: TypeRef, value: unknown, where: string): string[] {
  if (value === null || value === undefined)
    return type.kind === "nonNull" ? [`${where}: Expected value to not be null`] : [];
  if (type.kind === "nonNull") return inputProblems(types, type.of, value, where);
  if (type.kind === "list") {
    const list = Array.isArray(value) ? value : [value];
    return list.flatMap((v, i) => inputProblems(types, type.of, v, `${where}[${i}]`));
  }
  const def = types.get(type.name);
  const scalar = def?.kind === "scalar" || builtins.has(type.name);
  if (scalar) {
    const ok =
      type.name === "Int"
        ? Number.isInteger(value)
        : type.name === "Float"
          ? typeof value === "number"
          : type.name === "Boolean"
            ? typeof value === "boolean"
            : type.name === "ID"
              ? typeof value === "string" || Number.isInteger(value)
              : typeof value === "string";
    return ok ? [] : [`${where}: Could not coerce value ${JSON.stringify(value)} to ${type.name}`];
  }
  if (def?.kind === "enum")
    return def.values.includes(String(value))
      ? []
      : [`${where}: Expected "${String(value)}" to be one of: ${def.values.join(", ")}`];
  if (def?.kind !== "input" || typeof value !== "object" || Array.isArray(value))
    return [`${where}: Expected an input object of type ${type.name}`];
  const given = value as Json;
  const problems = Object.keys(given)
    .filter((k) => !def.inputFields.has(k))
    .map((k) => `${where}: Field is not defined on ${type.name}: ${k}`);
  for (const field of def.inputFields.values()) {
    problems.push(...inputProblems(types, field.type, given[field.name], `${where}.${field.name}`));
  }
  return problems;
}

function literalFits(types: Map<string, TypeDef>, type: TypeRef, v: Value, variables: Map<string, TypeRef>): string[] {
  if (v.kind === "variable") {
    const declared = variables.get(v.name);
    if (!declared) return [`Variable $${v.name} is used but not declared`];
    const fits = show(declared) === show(type) || (declared.kind === "nonNull" && show(declared.of) === show(type));
    return fits ? [] : [`Type mismatch on variable $${v.name} and argument (${show(declared)} / ${show(type)})`];
  }
  return inputProblems(types, type, literal(v, {}), `Argument value ${JSON.stringify(literal(v, {}))}`);
}

/** A literal's JavaScript value, with variables taken from `vars`. */
function literal(v: Value, vars: Json): unknown {
  switch (v.kind) {
    case "variable":
      return vars[v.name];
    case "int":
    case "float":
      return Number(v.value);
    case "boolean":
      return v.value === "true";
    case "null":
      return null;
    case "list":
      return v.values.map((x) => literal(x, vars));
    case "object":
      return Object.fromEntries(v.fields.map((f) => [f.name, literal(f.value, vars)]));
    default:
      return v.value;
  }
}

function selectionProblems(
  types: Map<string, TypeDef>,
  parent: TypeDef,
  fields: FieldNode[],
  variables: Map<string, TypeRef>,
  used: Set<string>,
): string[] {
  const problems: string[] = [];
  const collect = (v: Value) => {
    if (v.kind === "variable") used.add(v.name);
    if (v.kind === "list") v.values.forEach(collect);
    if (v.kind === "object") for (const f of v.fields) collect(f.value);
  };
  for (const field of fields) {
    if (field.name === "__typename") continue;
    const def = parent.fields.get(field.name);
    if (!def) {
      problems.push(`Field '${field.name}' doesn't exist on type '${parent.name}'`);
      continue;
    }
    for (const arg of field.args) {
      collect(arg.value);
      const argDef = def.args.find((a) => a.name === arg.name);
      if (!argDef) problems.push(`Field '${field.name}' doesn't accept argument '${arg.name}'`);
      else problems.push(...literalFits(types, argDef.type, arg.value, variables));
    }
    const missing = def.args.filter(
      (a: InputValueDef) => a.type.kind === "nonNull" && !a.default && !field.args.some((x) => x.name === a.name),
    );
    if (missing.length)
      problems.push(`Field '${field.name}' is missing required arguments: ${missing.map((a) => a.name).join(", ")}`);
    const type = types.get(named(def.type));
    if (!type || leafKinds.has(type.kind) || builtins.has(named(def.type))) {
      if (field.selections)
        problems.push(`Selections can't be made on scalars (field '${field.name}' returns ${show(def.type)})`);
    } else if (!field.selections) {
      problems.push(`Field must have selections (field '${field.name}' returns ${type.name} but has no selections.)`);
    } else if (type.kind === "union") {
      problems.push(`Selections on union ${type.name} need fragments, which this emulator does not read`);
    } else problems.push(...selectionProblems(types, type, field.selections, variables, used));
  }
  return problems;
}

/** Validates one operation and its variable values; returns GitHub-style messages, empty when it may run. */
export function validateOperation(types: Map<string, TypeDef>, op: Operation, values: Json): string[] {
  const root = types.get(op.type === "query" ? "Query" : "Mutation");
  if (!root) return [`Schema is not configured for ${op.type}`];
  const variables = new Map(op.variables.map((v) => [v.name, v.type]));
  const used = new Set<string>();
  const problems = selectionProblems(types, root, op.selections, variables, used);
  for (const v of op.variables) {
    if (!used.has(v.name))
      problems.push(`Variable $${v.name} is declared by ${op.name ?? `anonymous ${op.type}`} but not used`);
    const given = v.name in values ? values[v.name] : v.default ? literal(v.default, {}) : undefined;
    problems.push(
      ...inputProblems(types, v.type, given, `Variable $${v.name} of type ${show(v.type)} was provided invalid value`),
    );
  }
  return problems;
}

type Resolved = unknown | ((args: Json) => unknown);

function resolveFields(
  fields: FieldNode[],
  source: Json,
  vars: Json,
  path: Array<string | number>,
  errors: Json[],
): Json {
  const out: Json = {};
  for (const field of fields) {
    const key = field.alias ?? field.name;
    const at = [...path, key];
    try {
      const found = source[field.name] as Resolved;
      const args = Object.fromEntries(field.args.map((a) => [a.name, literal(a.value, vars)]));
      const value = typeof found === "function" ? (found as (a: Json) => unknown)(args) : found;
      out[key] = shape(value, field, vars, at, errors);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      errors.push({ type: error.type, path: at, message: error.message });
      out[key] = null;
    }
  }
  return out;
}

function shape(value: unknown, field: FieldNode, vars: Json, path: Array<string | number>, errors: Json[]): unknown {
  if (value === null || value === undefined || !field.selections) return value ?? null;
  if (Array.isArray(value)) return value.map((v, i) => shape(v, field, vars, [...path, i], errors));
  return resolveFields(field.selections, value as Json, vars, path, errors);
}

/** GitHub's answer to `POST /graphql`: always HTTP 200, with `errors` beside whatever `data` could be made. */
export function execute(types: Map<string, TypeDef>, body: unknown, roots: { query: Json; mutation: Json }): Json {
  const { query, variables } = (body ?? {}) as { query?: unknown; variables?: Json };
  if (typeof query !== "string")
    return { errors: [{ message: "A query attribute must be specified and must be a string." }] };
  let operations: Operation[];
  try {
    operations = parseOperations(query);
  } catch (error) {
    return { errors: [{ message: (error as Error).message }] };
  }
  if (operations.length !== 1)
    return { errors: [{ message: "This emulator runs documents of exactly one operation." }] };
  const op = operations[0]!;
  const problems = validateOperation(types, op, variables ?? {});
  if (problems.length > 0) return { errors: problems.map((message) => ({ message })) };
  const errors: Json[] = [];
  const data = resolveFields(
    op.selections,
    op.type === "query" ? roots.query : roots.mutation,
    variables ?? {},
    [],
    errors,
  );
  return errors.length > 0 ? { data, errors } : { data };
}
