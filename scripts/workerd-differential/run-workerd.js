// Sends every case to the worker running in workerd and writes {name: steps}. Usage: node run-workerd.js <url> <cases.json> <out.json>
'use strict';
const fs = require('fs');
const [url, casesPath, outPath] = process.argv.slice(2);
const cases = JSON.parse(fs.readFileSync(casesPath, 'utf8'));

async function post(testCase, phase) {
  const response = await fetch(url, { method: 'POST', body: JSON.stringify({ testCase, phase }) });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { unexpected: `error HTTP ${response.status}: ${text.slice(0, 200)}` };
  }
}

(async () => {
  const results = {};
  for (const testCase of cases) {
    let steps = await post(testCase, 1);
    if (testCase.kind === 'crossRequest' || testCase.kind === 'waitUntil') steps = { ...steps, ...(await post(testCase, 2)) };
    results[testCase.name] = steps;
  }
  fs.writeFileSync(outPath, JSON.stringify(results, null, 1));
})();
