/** Tiny XML writer for the query and REST-XML protocols: values escaped, nothing else clever. */
export function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[ch] ?? ch);
}

export type XmlValue = string | number | boolean | undefined | null | XmlNode | XmlValue[];
export interface XmlNode {
  readonly [element: string]: XmlValue;
}

/** Renders `{ a: 1, b: { c: 'x' }, d: [ {e: 1}, {e: 2} ] }`; arrays repeat their element name. */
export function xml(node: XmlNode): string {
  let out = '';
  for (const [name, value] of Object.entries(node)) out += element(name, value);
  return out;
}

function element(name: string, value: XmlValue): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((item) => element(name, item)).join('');
  if (typeof value === 'object') return `<${name}>${xml(value)}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}
