/**
 * JUnit XML, the format CI servers (GitLab, Jenkins, GitHub test reporters) read: one `<testsuite>` in a
 * `<testsuites>` root, one `<testcase>` each, a `<failure>` or `<skipped>` child when it did not pass.
 * No timestamps or durations, so the same cases give the same bytes.
 */

export interface JunitCase {
  readonly name: string;
  readonly classname: string;
  /** Present when the case failed: a one-line message, a type, and text (e.g. how to replay it). */
  readonly failure?: { readonly message: string; readonly type: string; readonly text: string };
  /** Present when the case was not run, with why. */
  readonly skipped?: string;
}

export interface JunitSuite {
  readonly name: string;
  readonly cases: readonly JunitCase[];
  /** Name/value pairs recorded in `<properties>` (seed, runs, ...). */
  readonly properties?: readonly (readonly [string, string])[];
}

/** Escapes element text, dropping characters XML 1.0 cannot carry at all. */
export function xmlText(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Escapes an attribute value (double-quoted); line breaks survive as character references. */
export function xmlAttribute(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function attributes(pairs: readonly (readonly [string, string | number])[]): string {
  return pairs.map(([k, v]) => ` ${k}="${xmlAttribute(String(v))}"`).join('');
}

function testcase(c: JunitCase): string {
  const open = `    <testcase${attributes([
    ['name', c.name],
    ['classname', c.classname],
  ])}`;
  if (c.failure !== undefined) {
    const { message, type, text } = c.failure;
    return [
      `${open}>`,
      `      <failure${attributes([
        ['message', message],
        ['type', type],
      ])}>${xmlText(text)}</failure>`,
      '    </testcase>',
    ].join('\n');
  }
  if (c.skipped !== undefined) {
    return [`${open}>`, `      <skipped${attributes([['message', c.skipped]])}/>`, '    </testcase>'].join('\n');
  }
  return `${open}/>`;
}

export function junitXml(suite: JunitSuite): string {
  const failures = suite.cases.filter((c) => c.failure !== undefined).length;
  const skipped = suite.cases.filter((c) => c.failure === undefined && c.skipped !== undefined).length;
  const counts = attributes([
    ['name', suite.name],
    ['tests', suite.cases.length],
    ['failures', failures],
    ['errors', 0],
    ['skipped', skipped],
  ]);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${counts}>`, `  <testsuite${counts}>`];
  if (suite.properties !== undefined && suite.properties.length > 0) {
    lines.push('    <properties>');
    for (const [name, value] of suite.properties) {
      lines.push(
        `      <property${attributes([
          ['name', name],
          ['value', value],
        ])}/>`,
      );
    }
    lines.push('    </properties>');
  }
  for (const c of suite.cases) lines.push(testcase(c));
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
