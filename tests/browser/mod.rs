//! Support for the browser tests: the repository's site built once per test process by the
//! real binary, a loopback file server for it, and Debian's Chromium driven through
//! chromedriver with the WebDriver client `fantoccini`.
//!
//! The tests need programs outside Cargo: Chromium and chromedriver, Java for the Nu HTML
//! Checker, and the npm packages in `node_modules/` (`npm ci` installs them). A test whose
//! program is missing prints why and passes, unless the environment variable `CI` is set,
//! where a missing program fails the test. `scripts/test` installs all of them.
//!
//! Nothing leaves the machine: the server and chromedriver listen on 127.0.0.1, and Chromium
//! runs with its background networking, component updates and sync turned off.

#![allow(dead_code)]

pub mod chrome;
pub mod server;
pub mod site;
pub mod tools;
