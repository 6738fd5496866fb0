// Writes the case list with the peers' ports in place of the placeholders. Usage: node resolve.js <ports.json> <out.json>
'use strict';
const fs = require('fs');
const ports = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const fill = value => {
  if (typeof value === 'string') {
    const whole = /^\{(\w+)\}$/.exec(value);
    if (whole && ports[whole[1]] !== undefined) return ports[whole[1]];
    return value.replace(/\{(\w+)\}/g, (m, key) => (ports[key] !== undefined ? String(ports[key]) : m));
  }
  if (Array.isArray(value)) return value.map(fill);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'name' ? v : fill(v)]));
  return value;
};
// DIFF_ONLY=<regex> keeps the cases whose name matches (while working on a few).
const only = process.env.DIFF_ONLY ? new RegExp(process.env.DIFF_ONLY) : null;
const cases = require('./cases.js').filter(c => !only || only.test(c.name));
fs.writeFileSync(process.argv[3], JSON.stringify(cases.map(fill), null, 1));
