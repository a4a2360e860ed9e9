// Reads an export in its own process. With a pause, it stops for that many ms after every
// 64 KB, so the server has to hold back (a slow client); prints { rows, bytes, seconds }.
import { request } from 'node:http';

const [url, apiKey, pauseArg] = process.argv.slice(2);
const pauseMs = Number(pauseArg);
const started = performance.now();
let rows = 0;
let bytes = 0;
let sincePause = 0;
request(url!, { headers: { 'X-API-Key': apiKey! } }, (res) => {
  if (res.statusCode !== 200) throw new Error(`export: HTTP ${res.statusCode}`);
  res.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
    sincePause += chunk.length;
    if (pauseMs > 0 && sincePause >= 65_536) {
      sincePause = 0;
      res.pause();
      setTimeout(() => res.resume(), pauseMs);
    }
  });
  res.on('end', () => {
    // The header line is not a call.
    console.log(JSON.stringify({ rows: rows - 1, bytes, seconds: (performance.now() - started) / 1000 }));
  });
}).end();
