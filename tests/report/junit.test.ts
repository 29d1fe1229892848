import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { junitXml, xmlAttribute, xmlText } from '../../src/report/junit.js';

describe('JUnit XML', () => {
  const xml = junitXml({
    name: 'kexfuzz smoke',
    properties: [['seed', '1']],
    cases: [
      { name: 'cps/legacy/hang/x', classname: 'kexfuzz.smoke.cps' },
      {
        name: 'cps/v4-scache/stale-icache/y',
        classname: 'kexfuzz.smoke.cps',
        failure: {
          message: 'a <stale> "line"',
          type: 'stale-icache',
          text: 'replay: echo \'{"a":1}\' | kexfuzz run - & more',
        },
      },
      { name: 'octeon/legacy/hang/z', classname: 'kexfuzz.smoke.octeon', skipped: 'not reached' },
    ],
  });

  test('one suite with the counts, a property block, and one testcase per case', () => {
    assert.match(
      xml,
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="kexfuzz smoke" tests="3" failures="1" errors="0" skipped="1">\n/,
    );
    assert.match(xml, /\n {2}<testsuite name="kexfuzz smoke" tests="3" failures="1" errors="0" skipped="1">\n/);
    assert.match(xml, /<property name="seed" value="1"\/>/);
    assert.equal(xml.match(/<testcase /g)?.length, 3);
    assert.match(xml, /<testcase name="cps\/legacy\/hang\/x" classname="kexfuzz.smoke.cps"\/>/);
    assert.match(xml, /<skipped message="not reached"\/>/);
    assert.ok(xml.endsWith('</testsuite>\n</testsuites>\n'));
  });

  test('a failure carries the escaped message and type as attributes and the text as its body', () => {
    assert.match(xml, /<failure message="a &lt;stale&gt; &quot;line&quot;" type="stale-icache">/);
    assert.match(xml, /replay: echo '\{"a":1\}' \| kexfuzz run - &amp; more<\/failure>/);
  });

  test('characters XML cannot hold are dropped, line breaks in attributes are kept as references', () => {
    assert.equal(xmlText('a\u0000b\u0007c\td'), 'abc\td');
    assert.equal(xmlAttribute('one\ntwo "3"'), 'one&#10;two &quot;3&quot;');
  });

  test('the same cases give the same bytes', () => {
    assert.equal(
      junitXml({ name: 's', cases: [{ name: 'a', classname: 'c' }] }),
      junitXml({ name: 's', cases: [{ name: 'a', classname: 'c' }] }),
    );
  });
});
