// Compares workerd's steps with WorkerSockets' steps, case by case, and prints the differences.
// A step matches when both say the same, or when ours starts with workerd's text and then adds where and why
// (": ..." or " (in .NET: ..."), as docs/conformance.md's rule asks. Rows marked byDesign are reported, not counted.
// Usage: node compare.js <cases.json> <workerd.json> <ours.json> [markdown table out]
'use strict';
const fs = require('fs');
const [casesPath, workerdPath, oursPath, markdownPath] = process.argv.slice(2);
const cases = JSON.parse(fs.readFileSync(casesPath, 'utf8'));
const workerd = JSON.parse(fs.readFileSync(workerdPath, 'utf8'));
const ours = JSON.parse(fs.readFileSync(oursPath, 'utf8'));

const extends_ = (mine, theirs) => mine === theirs
  || (mine.startsWith(theirs) && (mine[theirs.length] === ':' || mine.startsWith(' (in .NET: ', theirs.length)));

// Step differences that are by design wherever they occur (docs/conformance.md).
const byDesignSteps = [
  {
    step: 'close2',
    applies: (a, b) => a.startsWith('error ') && b === 'ok',
    why: 'every CloseAsync() returns the same task, which never faults; a second close() in workerd rejects with the connect error',
  },
  {
    // A write on a socket whose connect failed: workerd's rejection carries its internal exception type.
    step: 'write',
    applies: (a, b) => a.startsWith('error jsg.Error: ') && extends_(b, `error ${a.slice('error jsg.Error: '.length)}`),
    why: 'a write on a socket whose connect failed fails with the connect error as Opened reports it; workerd\'s carries its internal type ("jsg.Error: ")',
  },
  {
    // openedInfo reports "remote=<as given> local=<shape>": the remote part must match; only the local part may differ.
    step: 'opened',
    applies: (a, b) => / local=undefined$/.test(a) && / local=\S+:<port>$/.test(b)
      && a.replace(/ local=.*$/, '') === b.replace(/ local=.*$/, ''),
    why: "LocalAddress is the outbound socket's own local end (the socket belongs to this process), which helps find the connection in the server's logs; workerd leaves localAddress undefined for outbound sockets",
  },
];

function compare(theirs, mine) {
  const names = [...new Set([...Object.keys(theirs), ...Object.keys(mine)])];
  let detail = false;
  const differing = [];
  const designed = [];
  for (const step of names) {
    const a = theirs[step] ?? '(no step)';
    const b = mine[step] ?? '(no step)';
    if (a === b) continue;
    if (extends_(b, a)) detail = true;
    else if (byDesignSteps.some(r => r.step === step && r.applies(a, b))) designed.push(byDesignSteps.find(r => r.step === step && r.applies(a, b)).why);
    else differing.push(step);
  }
  return { differing, detail, designed };
}

const show = steps => Object.entries(steps).map(([k, v]) => `${k}: ${v}`).join('; ');
const cell = text => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
let matches = 0, withDetail = 0, byDesign = 0, differences = 0;
const rows = [];
for (const c of cases) {
  const theirs = workerd[c.name] ?? { missing: 'no result' };
  const mine = ours[c.name] ?? { missing: 'no result' };
  const { differing, detail, designed } = compare(theirs, mine);
  let verdict;
  if (differing.length === 0 && designed.length > 0) {
    verdict = `by design: ${designed.join('; ')}${detail ? ' (otherwise a match, ours adds where and why)' : ''}`;
    byDesign++;
  } else if (differing.length === 0) {
    verdict = detail ? 'match (ours adds where and why)' : 'match';
    matches++;
    if (detail) withDetail++;
  } else if (c.byDesign) {
    verdict = `by design: ${c.byDesign}`;
    byDesign++;
  } else {
    verdict = `DIFFERENT (${differing.join(', ')})`;
    differences++;
    console.log(`${c.name}\n  workerd: ${show(theirs)}\n  ours:    ${show(mine)}`);
  }
  rows.push(`| ${cell(c.name)} | ${cell(show(theirs))} | ${cell(show(mine))} | ${verdict} |`);
}

console.log(`workerd differential: ${cases.length} cases, ${matches} match (${withDetail} with added where and why), ${byDesign} by design, ${differences} differ`);
if (markdownPath) {
  fs.writeFileSync(markdownPath, ['| case | workerd | ours | verdict |', '|---|---|---|---|', ...rows].join('\n') + '\n');
}
process.exit(differences === 0 ? 0 : 1);
