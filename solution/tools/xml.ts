/**
 * Small DOM helpers over @xmldom/xmldom: every XML file the build writes is built as a DOM and serialised,
 * never concatenated, so escaping and well-formedness are the library's job.
 */
import { DOMImplementation, DOMParser, XMLSerializer, type Document, type Element, type Node } from '@xmldom/xmldom';

export type Attrs = Record<string, string | number | undefined>;
export type Child = Node | string | number | undefined | null | false;

export function newDocument(rootName: string, attrs: Attrs = {}): Document {
  const doc = new DOMImplementation().createDocument(null, rootName, null);
  setAttrs(doc.documentElement!, attrs);
  return doc;
}

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, String(v));
}

/** Creates an element; string and number children become text nodes. */
export function el(doc: Document, name: string, attrs: Attrs = {}, children: Child[] = []): Element {
  const e = doc.createElement(name);
  setAttrs(e, attrs);
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    e.appendChild(typeof c === 'string' || typeof c === 'number' ? doc.createTextNode(String(c)) : c);
  }
  return e;
}

/** Parses XML and throws with the file name and the parser's message when it is not well-formed. */
export function parseXml(text: string, fileName: string): Document {
  const errors: string[] = [];
  let doc: Document | undefined;
  try {
    doc = new DOMParser({
      onError: (level: string, msg: string) => {
        if (level !== 'warning') errors.push(msg);
      },
    }).parseFromString(text.replace(/^\uFEFF/, ''), 'text/xml');
  } catch (e) {
    // xmldom 0.9 throws on fatal errors instead of reporting them.
    errors.push((e as Error).message);
  }
  if (errors.length || !doc?.documentElement) {
    throw new Error(`${fileName} is not well-formed XML: ${errors[0] ?? 'no root element'}. Fix the markup and build again.`);
  }
  return doc;
}

/** Removes whitespace-only text nodes so that re-indenting gives a stable layout. */
function stripWhitespace(node: Node): void {
  for (let c = node.firstChild; c; ) {
    const next = c.nextSibling;
    if (c.nodeType === 3 && !/\S/.test(c.nodeValue ?? '')) node.removeChild(c);
    else if (c.nodeType === 1) stripWhitespace(c);
    c = next;
  }
}

/** Indents element-only content with two spaces, as Dataverse exports and pac unpack do. */
export function indent(node: Node, depth = 0): void {
  if (depth === 0) stripWhitespace(node);
  const kids: Node[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) kids.push(c);
  if (!kids.length || !kids.every((k) => k.nodeType === 1 || k.nodeType === 8)) return;
  const doc = node.ownerDocument!;
  for (const k of kids) {
    node.insertBefore(doc.createTextNode('\n' + '  '.repeat(depth + 1)), k);
    indent(k, depth + 1);
  }
  node.appendChild(doc.createTextNode('\n' + '  '.repeat(depth)));
}

export function serialize(doc: Document, pretty = true): string {
  if (pretty) indent(doc.documentElement!);
  return '<?xml version="1.0" encoding="utf-8"?>\n' + new XMLSerializer().serializeToString(doc.documentElement!) + '\n';
}

export function childElements(node: Node, name?: string): Element[] {
  const out: Element[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === 1 && (!name || (c as Element).tagName === name)) out.push(c as Element);
  return out;
}

export function firstChild(node: Node, name: string): Element | undefined {
  return childElements(node, name)[0];
}

export function textOf(node: Node | undefined, name: string): string | undefined {
  const c = node ? firstChild(node, name) : undefined;
  return c ? (c.textContent ?? '') : undefined;
}

export type { Document, Element, Node };
