/** Tiny XML writer for the query and REST-XML protocols: values escaped, nothing else clever. */
export function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[ch] ?? ch);
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
  for (const [name, value] of Object.entries(node)) out += element(name, value);
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
  if (Array.isArray(value)) return value.map((item) => element(name, item)).join('');
  if (typeof value === 'object') {
    const content = xml(value);
    return content === '' ? `<${name}/>` : `<${name}>${content}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}
