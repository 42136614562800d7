// Log in to a local Label Studio as the admin and screenshot one page, in headless Chromium (playwright-core).
// Called by annotation/labelstudio/screenshot.py; the password comes in the LS_PASSWORD environment variable.
// usage: node screenshot.cjs URL EMAIL PAGE OUT.png CHROMIUM PROFILE_DIR WIDTH HEIGHT [SELECT_TEXT]
// SELECT_TEXT: the text of a highlighted region to click (selected, it shows its per-region choices).
"use strict";
const { chromium } = require("playwright-core");

const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

async function main() {
  const [url, email, page, out, executable, profile, width, height, select] = process.argv.slice(2);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: executable,
    headless: true,
    args: FLAGS,
    viewport: { width: Number(width), height: Number(height) },
    deviceScaleFactor: 1,
  });
  try {
    const tab = context.pages()[0] || (await context.newPage());
    await tab.goto(`${url}/user/login`, { waitUntil: "domcontentloaded" });
    await tab.fill("input[name=email]", email);
    await tab.fill("input[name=password]", process.env.LS_PASSWORD || "");
    await Promise.all([tab.waitForURL((u) => !u.pathname.startsWith("/user/login"), { timeout: 60000 }), tab.press("input[name=password]", "Enter")]);
    await tab.goto(`${url}${page}`, { waitUntil: "domcontentloaded" });
    // The editor is ready when the label buttons and the highlighted (pre-annotated) regions are drawn.
    await tab.waitForSelector("text=Conflict.Attack", { timeout: 120000 });
    await tab.waitForSelector(".htx-highlight", { timeout: 120000 });
    await tab.waitForTimeout(3000); // relation arrows are drawn after the regions
    if (select) {
      await tab.locator(".htx-highlight", { hasText: select }).last().click();
      await tab.waitForTimeout(1500);
    }
    await tab.screenshot({ path: out });
  } finally {
    await context.close();
  }
}

main().catch((error) => {
  console.error(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
