// The one place XML is written: documents as plain objects ({ '@name': value } attributes, '#text'
// text, arrays for repeated elements) built by fast-xml-builder (fast-xml-parser's builder), which
// escapes and nests them, so a renderer cannot emit a tag left open or a quote unescaped.
import Builder from 'fast-xml-builder';

/** Characters XML 1.0 forbids even when escaped (control codes, lone surrogates, U+FFFE/U+FFFF). */
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text XML can hold: what it forbids becomes U+FFFD (the builder escapes the five specials after this). */
export function xmlSafe(text: string): string {
  return text.replace(INVALID_XML, '\ufffd');
}

export type XmlValue = string | number;
export interface XmlElement {
  [key: `@${string}`]: XmlValue;
  '#text'?: string;
  [child: string]: XmlValue | XmlElement | XmlElement[] | undefined;
}

const builder = new Builder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  attributeValueProcessor: (_name: string, value: unknown) => xmlSafe(String(value)),
  tagValueProcessor: (_name: string, value: unknown) => xmlSafe(String(value)),
});

/** A whole document, with its declaration: `{ testsuites: { '@name': 'x', testsuite: [...] } }`. */
export function xmlDocument(root: Record<string, XmlElement>): string {
  return builder.build({ '?xml': { '@version': '1.0', '@encoding': 'UTF-8' }, ...root }) as string;
}
