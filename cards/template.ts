// Card templates are written in the Adaptive Card Templating language (`${…}` bindings, `$data`,
// `$when`), as JSON beside the code that fills them. They are compiled once, at module load, into
// closures: building a card then costs microseconds, not the milliseconds that parsing and
// evaluating every expression with adaptive-expressions takes on every card. The compiler knows
// the part of the language the templates use (paths, '' and number literals, ! && || == != < >
// <= >=, count()); anything else is refused when the template is compiled, not when a card is
// built. test/cards/templateCompiler.test.ts checks it against adaptivecards-templating.

export type CardJson = Record<string, unknown>;

/** A card template, compiled; expanding it only evaluates the compiled bindings. */
export interface CompiledCard {
  expand(data: object): CardJson;
}

interface Scope {
  root: unknown;
  data: unknown;
}

type Evaluate = (scope: Scope) => unknown;
type Expand = (scope: Scope) => unknown;

/** Thrown at compile time for template syntax outside the supported part of the language. */
export class TemplateSyntaxError extends Error {}

const TOKEN_SOURCE =
  /\s*(?:(\$?[A-Za-z_][\w]*(?:\.\$?[A-Za-z_]\w*)*)|('(?:[^'\\]|\\.)*')|(\d+(?:\.\d+)?)|(\|\||&&|==|!=|<=|>=|[<>!(),]))/
    .source;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  const token = new RegExp(TOKEN_SOURCE, 'y');
  while (token.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(token.lastIndex))) break;
    const match = token.exec(source);
    if (!match) throw new TemplateSyntaxError(`Unsupported template expression "${source}" at ${token.lastIndex}`);
    tokens.push(match[1] ?? match[2] ?? match[3] ?? match[4]!);
  }
  return tokens;
}

/** A path such as `labels.approve`, `$root.buttons.cancel` or `$data`, split once at compile time. */
function compilePath(path: string): Evaluate {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const start: Evaluate =
    head === '$root'
      ? (s) => s.root
      : head === '$data'
        ? (s) => s.data
        : (s) => (s.data as Record<string, unknown> | undefined)?.[head];
  if (rest.length === 0) return start;
  return (scope) => {
    let value = start(scope);
    for (const part of rest)
      value = value === null || value === undefined ? undefined : (value as Record<string, unknown>)[part];
    return value;
  };
}

const truthy = (value: unknown): boolean => value !== false && value !== null && value !== undefined;

const FUNCTIONS: Record<string, (args: unknown[]) => unknown> = {
  count: ([value]) => (Array.isArray(value) || typeof value === 'string' ? value.length : 0),
};

/**
 * Recursive descent over: or := and ('||' and)*; and := cmp ('&&' cmp)*; cmp := unary (op unary)?; unary := '!' unary |
 * primary.
 */
function compileExpression(source: string): Evaluate {
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string) => {
    const token = tokens[at++];
    if (token === undefined || (expected !== undefined && token !== expected))
      throw new TemplateSyntaxError(`Unsupported template expression "${source}"`);
    return token;
  };
  const primary = (): Evaluate => {
    const token = take();
    if (token === '(') {
      const inner = or();
      take(')');
      return inner;
    }
    if (token.startsWith("'")) {
      const text = token.slice(1, -1).replace(/\\(.)/g, '$1');
      return () => text;
    }
    if (/^\d/.test(token)) {
      const n = Number(token);
      return () => n;
    }
    if (peek() === '(') {
      const fn = FUNCTIONS[token];
      if (!fn) throw new TemplateSyntaxError(`Unsupported template function ${token}() in "${source}"`);
      take('(');
      const args: Evaluate[] = [];
      while (peek() !== ')') {
        args.push(or());
        if (peek() === ',') take(',');
      }
      take(')');
      return (scope) => fn(args.map((a) => a(scope)));
    }
    if (/^[<>=!|&),]/.test(token)) throw new TemplateSyntaxError(`Unsupported template expression "${source}"`);
    return compilePath(token);
  };
  const unary = (): Evaluate => {
    if (peek() === '!') {
      take('!');
      const operand = unary();
      return (scope) => !truthy(operand(scope));
    }
    return primary();
  };
  const comparison = (): Evaluate => {
    const left = unary();
    const op = peek();
    if (op === undefined || !['==', '!=', '<', '>', '<=', '>='].includes(op)) return left;
    take();
    const right = unary();
    switch (op) {
      case '==':
        return (s) => left(s) === right(s);
      case '!=':
        return (s) => left(s) !== right(s);
      case '<':
        return (s) => (left(s) as number) < (right(s) as number);
      case '>':
        return (s) => (left(s) as number) > (right(s) as number);
      case '<=':
        return (s) => (left(s) as number) <= (right(s) as number);
      default:
        return (s) => (left(s) as number) >= (right(s) as number);
    }
  };
  const and = (): Evaluate => {
    let left = comparison();
    while (peek() === '&&') {
      take();
      const [l, r] = [left, comparison()];
      left = (s) => truthy(l(s)) && truthy(r(s));
    }
    return left;
  };
  const or = (): Evaluate => {
    let left = and();
    while (peek() === '||') {
      take();
      const [l, r] = [left, and()];
      left = (s) => truthy(l(s)) || truthy(r(s));
    }
    return left;
  };
  const expression = or();
  if (at !== tokens.length) throw new TemplateSyntaxError(`Unsupported template expression "${source}"`);
  return expression;
}

const BINDING = /\$\{([^}]*)\}/g;

/**
 * A string with bindings: one whole binding keeps its value's type; several are joined as text. An unknown value shows
 * as its binding, as the reference engine does.
 */
function compileString(text: string): Expand | undefined {
  const parts: Array<string | { source: string; evaluate: Evaluate }> = [];
  let last = 0;
  for (const match of text.matchAll(BINDING)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push({ source: match[0], evaluate: compileExpression(match[1]!) });
    last = match.index + match[0].length;
  }
  if (parts.length === 0) return undefined;
  if (last < text.length) parts.push(text.slice(last));
  const shown = (part: { source: string; evaluate: Evaluate }, scope: Scope) => {
    const value = part.evaluate(scope);
    return value === undefined || value === null ? part.source : value;
  };
  if (parts.length === 1 && typeof parts[0] !== 'string') {
    const only = parts[0]!;
    return (scope) => shown(only, scope);
  }
  return (scope) => {
    let text = '';
    for (const p of parts) text += typeof p === 'string' ? p : String(shown(p, scope));
    return text;
  };
}

const RESERVED = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);

/** What an object bound to a `$data` array expands to: its copies, spliced into the enclosing array. */
class Repeat {
  constructor(readonly items: unknown[]) {}
}

function compileNode(node: unknown): Expand {
  if (Array.isArray(node)) {
    const items = node.map(compileNode);
    return (scope) => {
      const out: unknown[] = [];
      for (const item of items) {
        const value = item(scope);
        if (value === null) continue; // dropped by $when, or an empty $data
        if (value instanceof Repeat) out.push(...value.items);
        else out.push(value);
      }
      return out;
    };
  }
  if (typeof node === 'string') return compileString(node) ?? (() => node);
  if (typeof node !== 'object' || node === null) return () => node;
  const record = node as Record<string, unknown>;
  const data = typeof record.$data === 'string' ? compileString(record.$data) : undefined;
  const dataValue = record.$data;
  const when = typeof record.$when === 'string' ? compileString(record.$when) : undefined;
  const hasWhen = record.$when !== undefined;
  const fields = Object.entries(record)
    .filter(([key]) => !RESERVED.has(key))
    .map(([key, value]) => [key, compileNode(value)] as const);
  const expandOne = (scope: Scope): Record<string, unknown> | null => {
    if (hasWhen && (!when || when(scope) !== true)) return null;
    const out: Record<string, unknown> = {};
    for (const [key, expand] of fields) {
      const value = expand(scope);
      if (value !== undefined) out[key] = value instanceof Repeat ? value.items : value;
    }
    return out;
  };
  if (dataValue === undefined) return expandOne;
  return (scope) => {
    const context = data ? data(scope) : dataValue;
    const contexts = Array.isArray(context) ? context : [context];
    const results = contexts
      .map((item) => expandOne({ root: scope.root, data: item === undefined ? scope.data : item }))
      .filter((r) => r !== null);
    if (results.length === 0) return null;
    return results.length === 1 ? results[0] : new Repeat(results);
  };
}

/** Compiles a template once; `expand` fills it with `data` as `$root`. */
export function compileCard(template: object): CompiledCard {
  const expand = compileNode(template);
  return Object.freeze({
    expand: (data: object) => {
      const card = expand({ root: data, data });
      if (typeof card !== 'object' || card === null || Array.isArray(card) || card instanceof Repeat)
        throw new Error('A card template expanded to something that is not a card');
      return card as CardJson;
    },
  });
}
