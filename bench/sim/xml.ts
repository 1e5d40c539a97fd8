/** Tiny XML writer for the query and REST-XML protocols: values escaped, nothing else clever. */
const ENTITIES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' };
const SPECIAL = /[<>&'"]/;
const SPECIALS = /[<>&'"]/g;

export function escapeXml(value: string): string {
  // Most values need nothing: the simulated AWS renders every response of a benchmark run.
  return SPECIAL.test(value) ? value.replace(SPECIALS, (ch) => ENTITIES[ch] ?? ch) : value;
}

export type XmlValue = string | number | boolean | undefined | null | XmlNode | XmlValue[];
export interface XmlNode {
  readonly [element: string]: XmlValue;
}

/**
 * Renders `{ a: 1, b: { c: 'x' }, d: [ {e: 1}, {e: 2} ] }`; arrays repeat their element name.
 * A structure with no content is written `<b/>`, the way AWS writes empty lists.
 */
export function xml(node: XmlNode): string {
  let out = '';
  for (const name in node) out += element(name, node[name]);
  return out;
}

/** A whole document: the XML declaration and a root element carrying `attributes` (e.g. `xmlns`). */
export function xmlDocument(root: string, attributes: Readonly<Record<string, string>>, body: XmlNode): string {
  const attrs = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${attrs}>${xml(body)}</${root}>`;
}

function element(name: string, value: XmlValue): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    let out = '';
    for (const item of value) out += element(name, item);
    return out;
  }
  if (typeof value === 'object') {
    const content = xml(value);
    return content === '' ? `<${name}/>` : `<${name}>${content}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}
