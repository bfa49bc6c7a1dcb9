// What an HTML page's script, style, head and the like hold never becomes report text; the
// tags are found in any case, and a tag that only starts like one (<header>, <scripts>) is kept.
import { describe, expect, it } from 'vitest';
import { htmlToLines } from '../src/format/html.ts';

const texts = (html: string) => htmlToLines(html).lines.map((l) => l.cells.join('|'));

describe('htmlToLines drops what is not content', () => {
  it('drops script, style, head, noscript, svg in any case, and keeps what follows them', () => {
    const html = '<HTML><Head><title>标题</title><STYLE>td{x:1}</STYLE></Head><body>'
      + '<p>甲</p><SCRIPT type="x">var a = "行政许可 5";</SCRIPT><p>乙</p><NoScript>丙</NoScript>'
      + '<svg><text>丁</text></svg><p>戊</p><ScRiPt>unclosed 己';
    expect(texts(html)).toEqual(['甲', '乙', '戊']);
  });
  it('keeps elements whose names only start like a dropped one', () => {
    expect(texts('<body><header>页眉</header><scripts>甲</scripts><p>乙</p></body>')).toEqual(['页眉', '甲', '乙']);
  });
  it('drops an element inside another dropped one, and one after it', () => {
    expect(texts('<head><style>a</style><script>b</script></head><p>甲</p><style>c</style><p>乙</p>')).toEqual(['甲', '乙']);
  });
});

describe('htmlToLines reads tags as written', () => {
  it('reads upper-case cells with their spans, keeps text that only looks like a tag, and the rest of a cut page', () => {
    const html = '<TABLE><TR><TD ROWSPAN="2">甲</TD><td>1</td></TR><tr><Td>2</tD></tr></Table>'
      + '<p>a<b_c>d</p><p>x < y > z</p><div>末尾 <span';
    const lines = htmlToLines(html).lines;
    expect(lines.map((l) => [l.cells, l.table])).toEqual([
      [['甲', '1'], true],
      [['甲', '2'], true], // a rowspan'd label repeats down its rows
      [['a<b_c>d'], false], // "<b_c>" is no tag: a name cannot run into "_"
      [['x < y > z'], false],
      [['末尾'], false], // an unclosed "<span" at the end is dropped
    ]);
  });
});

describe('htmlToLines decodes only real entities', () => {
  it("keeps &constructor; and other names of Object.prototype's members as written, and decodes the known ones in any case", () => {
    expect(texts('<p>&constructor;&toString;&__proto__;&hasOwnProperty</p><p>&AMP;&Nbsp;x&lt;y&#21512;&#x8BA1;</p>'))
      .toEqual(['&constructor;&toString;&__proto__;&hasOwnProperty', '& x<y合计']);
  });
});
