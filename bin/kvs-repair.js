#!/usr/bin/env node
// The built CLI lives in dist/ (compiled by `npm ci` through the `prepare` script).
import "../dist/src/cli/kvs-repair.js";
