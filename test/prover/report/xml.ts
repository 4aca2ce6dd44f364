/**
 * A strict, small XML parser for the chart tests (no XML library is installed): it accepts only
 * well-formed documents — one root, matched and properly nested tags, quoted and unique
 * attributes, no raw `<` or stray `&` in text or values — and returns the element tree.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside the element (entities decoded). */
  text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const ENTITY = /^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;
const DECODE: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(raw: string, where: number): string {
  let out = "";
  for (let i = 0; i < raw.length;) {
    const c = raw[i]!;
    if (c === "<") throw new Error(`xml: raw "<" at ${where + i}`);
    if (c !== "&") {
      out += c;
      i++;
      continue;
    }
    const m = ENTITY.exec(raw.slice(i));
    if (!m) throw new Error(`xml: stray "&" at ${where + i}`);
    const e = m[1]!;
    out += e.startsWith("#x")
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith("#")
        ? String.fromCodePoint(Number(e.slice(1)))
        : DECODE[e]!;
    i += m[0].length;
  }
  return out;
}

export function parseXml(doc: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`xml: ${what} at offset ${i}`);
  };
  while (i < doc.length) {
    if (doc.startsWith("<!--", i)) {
      const end = doc.indexOf("-->", i + 4);
      if (end < 0) fail("unterminated comment");
      i = end + 3;
      continue;
    }
    if (doc.startsWith("<?", i)) {
      const end = doc.indexOf("?>", i);
      if (end < 0) fail("unterminated declaration");
      i = end + 2;
      continue;
    }
    if (doc.startsWith("</", i)) {
      const m = NAME.exec(doc.slice(i + 2));
      if (!m) fail("bad closing tag");
      const close = doc.indexOf(">", i);
      if (doc.slice(i + 2 + m![0].length, close).trim() !== "") fail("junk in closing tag");
      const open = stack.pop();
      if (!open || open.name !== m![0]) fail(`</${m![0]}> closes <${open?.name ?? "nothing"}>`);
      i = close + 1;
      continue;
    }
    if (doc[i] === "<") {
      const m = NAME.exec(doc.slice(i + 1));
      if (!m) fail("bad tag name");
      if (root && stack.length === 0) fail("a second root element");
      const el: XmlElement = { name: m![0], attrs: {}, children: [], text: "" };
      let j = i + 1 + m![0].length;
      for (;;) {
        const ws = /^\s*/.exec(doc.slice(j))![0].length;
        j += ws;
        if (doc.startsWith("/>", j) || doc[j] === ">") break;
        if (ws === 0) fail(`attributes of <${el.name}> not separated`);
        const a = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(doc.slice(j));
        if (!a) fail(`bad attribute in <${el.name}>`);
        if (a![1]! in el.attrs) fail(`duplicate attribute ${a![1]} in <${el.name}>`);
        el.attrs[a![1]!] = decode(a![3] ?? a![4] ?? "", j);
        j += a![0].length;
      }
      const selfClosing = doc.startsWith("/>", j);
      (stack[stack.length - 1]?.children ?? []).push(el);
      root ??= el;
      if (!selfClosing) stack.push(el);
      i = j + (selfClosing ? 2 : 1);
      continue;
    }
    const next = doc.indexOf("<", i);
    const end = next < 0 ? doc.length : next;
    const text = decode(doc.slice(i, end), i);
    const top = stack[stack.length - 1];
    if (top) top.text += text;
    else if (text.trim() !== "") fail("text outside the root element");
    i = end;
  }
  if (stack.length > 0) throw new Error(`xml: <${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) throw new Error("xml: no root element");
  return root;
}

/** Every element in document order. */
export function allElements(el: XmlElement): XmlElement[] {
  return [el, ...el.children.flatMap(allElements)];
}

/** The element with attribute id = `id`, or undefined. */
export function byId(el: XmlElement, id: string): XmlElement | undefined {
  return allElements(el).find((e) => e.attrs.id === id);
}
