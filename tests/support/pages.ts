import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Opens the dashboard, logs in and sets "Disponibilité" to "Disponible". */
export async function loggedInAgent(browser: Browser, url: string, login: string, password: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(`${url}/agent`);
  await page.getByLabel('Identifiant').fill(login);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  const availability = page.getByRole('combobox', { name: 'Disponibilité' });
  await availability.selectOption({ label: 'Disponible' });
  await expect.poll(() => availability.inputValue(), { timeout: 10_000 }).toBe('online');
  return page;
}

/** Opens the demo page, the widget, fills the pre-chat form and starts the chat; returns the page and the dialog. */
export async function visitorStartsChat(browser: Browser, url: string, form: { name: string; email: string; service: string; subject: string; message: string }) {
  const page = await (await browser.newContext({ locale: 'fr-FR' })).newPage();
  await page.goto(`${url}/`);
  await page.getByRole('button', { name: "Besoin d'aide" }).click();
  const dialog = page.getByRole('dialog', { name: 'Assistance' });
  await dialog.waitFor({ timeout: 10_000 });
  await dialog.getByLabel('Nom').fill(form.name);
  await dialog.getByLabel('E-mail').fill(form.email);
  await dialog.getByLabel('Service').selectOption({ label: form.service });
  await dialog.getByLabel('Sujet').fill(form.subject);
  await dialog.getByLabel('Message', { exact: true }).fill(form.message);
  await dialog.getByRole('button', { name: 'Démarrer la discussion' }).click();
  return { page, dialog };
}
