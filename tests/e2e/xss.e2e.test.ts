import type { BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../support/e2eFixture';
import { collectCspViolations, injectedElements, startStrictHost, xssRan } from '../support/csp';

// Chat text is text, never markup: payloads typed by a visitor (name, subject, messages) and by
// an agent (messages, internal notes) are shown literally in the widget and in the dashboard,
// and nothing runs, pops up or gets created. Both pages run under the server's own CSP (helmet),
// and the widget also works on a customer page with a strict CSP (nonce snippet) without a single
// violation. docs/SECURITY.md lists what this covers.

const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1;alert(1)">',
  '<svg onload=window.__xss=1>',
  'javascript:window.__xss=1',
  '"><iframe srcdoc="<script>parent.__xss=1</script>">',
  "{{constructor.constructor('window.__xss=1')()}}",
  '${window.__xss=1} <%= window.__xss=1 %> #{window.__xss=1}',
  '[cliquez ici](javascript:window.__xss=1) [site](https://evil.example/) ![x](x" onerror="window.__xss=1)',
  '<a href="javascript:window.__xss=1">lien</a> <b onmouseover=alert(1)>gras</b>',
  '</textarea></p><style>*{display:none}</style><p>',
  'Facture \u202Efdp.exe\u202C et \u2067عربي\u2069 \u200Finvisible',
  `${'W'.repeat(3000)}<img src=x onerror=alert(1)>${'long'.repeat(400)}`,
];
const NAME = '"><img src=x onerror=alert(1)><svg onload=window.__xss=1>';
const SUBJECT = "<script>window.__xss=1</script>{{constructor.constructor('alert(1)')()}}";
const note = (payload: string) => `Note : ${payload}`;

const fixture = useServerAndBrowser();

interface Watched {
  context: BrowserContext;
  page: Page;
  dialogs: string[];
  violations(): Promise<string[]>;
}

/** A new context and page that record dialogs (alert/confirm/prompt) and CSP violations. */
async function watchedPage(): Promise<Watched> {
  const context = await fixture.browser().newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  const csp = await collectCspViolations(context);
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { context, page, dialogs, violations: () => csp.of(page) };
}

/** Nothing ran, popped up, or was created from text; no CSP violation. */
async function expectClean(w: Watched) {
  expect(await xssRan(w.page)).toBe(false);
  expect(w.dialogs).toEqual([]);
  expect(await injectedElements(w.page)).toEqual([]);
  expect(await w.violations()).toEqual([]);
}

const countOf = (scope: Page | Locator, text: string) => scope.getByText(text, { exact: true }).count();

async function openWidget(page: Page): Promise<Locator> {
  const launcher = page.getByRole('button', { name: "Besoin d'aide" });
  // the launcher's own <style> applied (with the nonce): a fixed button
  await expect.poll(() => launcher.evaluate((el) => getComputedStyle(el).position), { timeout: 10_000 }).toBe('fixed');
  await launcher.click();
  const dialog = page.getByRole('dialog', { name: 'Assistance' });
  await dialog.waitFor({ timeout: 10_000 });
  return dialog;
}

async function startChat(dialog: Locator, form: { name: string; subject: string; message: string }) {
  await dialog.getByLabel('Nom').fill(form.name);
  await dialog.getByLabel('E-mail').fill('visiteur@example.com');
  await dialog.getByLabel('Service').selectOption({ label: 'Technique' });
  await dialog.getByLabel('Sujet').fill(form.subject);
  await dialog.getByLabel('Message', { exact: true }).fill(form.message);
  await dialog.getByRole('button', { name: 'Démarrer la discussion' }).click();
  await dialog.getByRole('textbox', { name: 'Votre message' }).waitFor({ timeout: 10_000 });
}

describe('XSS: chat text is shown literally, never run', () => {
  it('payloads from a visitor and an agent (messages, notes, name, subject) in the widget and the dashboard', { timeout: 240_000 }, async () => {
    const agent = await watchedPage();
    await agent.page.goto(`${fixture.server().url}/agent`);
    await agent.page.getByLabel('Identifiant').fill('karim');
    await agent.page.getByLabel('Mot de passe').fill('mot-de-passe-e2e');
    await agent.page.getByRole('button', { name: 'Se connecter' }).click();
    const availability = agent.page.getByRole('combobox', { name: 'Disponibilité' });
    await availability.selectOption({ label: 'Disponible' });
    await expect.poll(() => availability.inputValue(), { timeout: 10_000 }).toBe('online');

    const visitor = await watchedPage();
    await visitor.page.goto(`${fixture.server().url}/`);
    const dialog = await openWidget(visitor.page);
    await startChat(dialog, { name: NAME, subject: SUBJECT, message: 'Bonjour' });

    const a = agent.page;
    await a.locator('.chat-item__button').first().click({ timeout: 10_000 });
    await a.getByText('Bonjour', { exact: true }).waitFor({ timeout: 10_000 });
    // name and subject, literally (list, header, authors)
    await expect.poll(() => countOf(a, NAME)).toBeGreaterThanOrEqual(2);
    await expect.poll(() => countOf(a, SUBJECT)).toBeGreaterThanOrEqual(1);

    const visitorBox = dialog.getByRole('textbox', { name: 'Votre message' });
    const agentBox = a.getByRole('textbox', { name: 'Votre message' });
    for (const payload of PAYLOADS) {
      await visitorBox.fill(payload);
      await dialog.getByRole('button', { name: 'Envoyer' }).click();
      await expect.poll(() => countOf(a, payload), { timeout: 10_000 }).toBe(1);
      await agentBox.fill(payload);
      await a.getByRole('button', { name: 'Envoyer' }).click();
      await expect.poll(() => countOf(dialog, payload), { timeout: 10_000 }).toBe(2);
      await expect.poll(() => countOf(a, payload), { timeout: 10_000 }).toBe(2);
    }

    // internal notes: literal in the dashboard, never in the widget
    await a.getByRole('checkbox', { name: 'Note interne' }).check();
    for (const payload of PAYLOADS) {
      await agentBox.fill(note(payload));
      await a.getByRole('button', { name: 'Envoyer' }).click();
      await expect.poll(() => countOf(a, note(payload)), { timeout: 10_000 }).toBe(1);
    }
    // a last visible message after the notes: once it is in the widget, the notes would be too
    await a.getByRole('checkbox', { name: 'Note interne' }).uncheck();
    await agentBox.fill('Fin des essais');
    await a.getByRole('button', { name: 'Envoyer' }).click();
    await dialog.getByText('Fin des essais', { exact: true }).waitFor({ timeout: 10_000 });
    for (const payload of PAYLOADS) {
      expect(await countOf(dialog, note(payload))).toBe(0);
      expect(await countOf(dialog, payload)).toBe(2);
    }

    // after a reload both pages render the history again (the sync path), still inert
    await visitor.page.reload();
    const reopened = visitor.page.getByRole('dialog', { name: 'Assistance' });
    await reopened.getByText('Fin des essais', { exact: true }).waitFor({ timeout: 10_000 });
    await expect.poll(() => countOf(reopened, PAYLOADS[0]!)).toBe(2);

    await expectClean(agent);
    await expectClean(visitor);
    await agent.context.close();
    await visitor.context.close();
  });
});

describe('Content-Security-Policy: the widget works without a single violation', () => {
  it("on the demo page, under the server's own CSP (nonce from <meta property=csp-nonce>)", async () => {
    const visitor = await watchedPage();
    const response = await visitor.page.goto(`${fixture.server().url}/`);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/style-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    const dialog = await openWidget(visitor.page);
    await startChat(dialog, { name: 'Amira', subject: 'Question', message: 'Bonjour, une question rapide.' });
    // the lazy chunk (widget-extra.js) and its <style>
    await dialog.getByRole('button', { name: 'Contacter un superviseur' }).click();
    await dialog.getByLabel('Votre réclamation').waitFor({ timeout: 10_000 });
    await expectClean(visitor);
    await visitor.context.close();
  });

  it.each([
    ['the widget origin in script-src', false],
    ["'nonce-…' 'strict-dynamic' in script-src", true],
  ])('on a customer page with a strict CSP (another origin, nonce on the <script> tag, Trusted Types; %s)', async (_label, strictDynamic) => {
    const host = await startStrictHost(fixture.server().url, { strictDynamic });
    try {
      const visitor = await watchedPage();
      const response = await visitor.page.goto(host.url);
      expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
      const dialog = await openWidget(visitor.page);
      await startChat(dialog, { name: 'Youssef', subject: 'Hébergement', message: 'Bonjour depuis une page stricte.' });
      await dialog.getByText('Bonjour depuis une page stricte.', { exact: true }).waitFor({ timeout: 10_000 });
      await dialog.getByRole('button', { name: 'Contacter un superviseur' }).click();
      await dialog.getByLabel('Votre réclamation').waitFor({ timeout: 10_000 });
      await expectClean(visitor);

      // control: the probes do see what they look for, inside the shadow root too
      await visitor.page.evaluate(`(() => {
        const root = document.querySelector('[data-besoin-daide]').shadowRoot;
        const style = document.createElement('style');
        style.textContent = '.bd-control { color: red }';
        const img = document.createElement('img');
        img.setAttribute('src', 'x');
        root.append(style, img);
      })()`);
      await expect.poll(async () => (await visitor.violations()).some((v) => v.startsWith('style-src-elem'))).toBe(true);
      expect(await injectedElements(visitor.page)).toContain('img[src=x]');
      await visitor.context.close();
    } finally {
      await host.close();
    }
  });
});
