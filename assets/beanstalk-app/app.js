'use strict';
// The smallest Node.js app Elastic Beanstalk runs: answers every request on PORT, which the platform sets (the
// environment passes the network's app port). No dependencies, so the bundle needs no `npm install`.
const http = require('http');

const port = Number(process.env.PORT) || 8080;

http
  .createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<h1>aws-service-atlas on Elastic Beanstalk</h1><p>A platform runs this code: the study\'s PaaS.</p>\n');
  })
  .listen(port, () => console.log(`listening on ${port}`));
