// Takes the README's screenshots in headless Chromium: the widget on the demo page and the
// dashboard, mid-conversation. Run with `pnpm screenshots` after `pnpm build`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './browser';
import { startServer } from './server';

const out = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const server = await startServer();
const browser = await launchChromium();
try {
  await server.createAgent({ login: 'karim', name: 'Karim', password: 'mot-de-passe-demo' });
  const agent = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 760 } })).newPage();
  await agent.goto(`${server.url}/agent`);
  await agent.getByLabel('Identifiant').fill('karim');
  await agent.getByLabel('Mot de passe').fill('mot-de-passe-demo');
  await agent.getByRole('button', { name: 'Se connecter' }).click();
  await agent.getByRole('combobox', { name: 'Disponibilité' }).selectOption({ label: 'Disponible' });

  const visitor = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1100, height: 760 } })).newPage();
  await visitor.goto(`${server.url}/`);
  await visitor.getByRole('button', { name: "Besoin d'aide" }).click();
  const dialog = visitor.getByRole('dialog', { name: 'Assistance' });
  await dialog.getByLabel('Nom').fill('Alice Martin');
  await dialog.getByLabel('E-mail').fill('alice@example.com');
  await dialog.getByLabel('Service').selectOption({ label: 'Technique' });
  await dialog.getByLabel('Sujet').fill('Site en panne');
  await visitor.screenshot({ path: path.join(out, 'widget-form.png') });
  await dialog.getByLabel('Message', { exact: true }).fill('Bonjour, mon site affiche une erreur 500 depuis ce matin.');
  await dialog.getByRole('button', { name: 'Démarrer la discussion' }).click();

  await agent.getByRole('button', { name: /Alice Martin.*Site en panne/ }).click({ timeout: 10_000 });
  await agent.getByRole('textbox', { name: 'Votre message' }).fill('Bonjour Alice, je regarde votre serveur tout de suite.');
  await agent.getByRole('button', { name: 'Envoyer' }).click();
  await dialog.getByText('je regarde votre serveur').waitFor({ timeout: 10_000 });
  await dialog.getByRole('textbox', { name: 'Votre message' }).fill('Merci !');
  await dialog.getByRole('button', { name: 'Envoyer' }).click();
  await agent.getByText('Merci !').waitFor({ timeout: 10_000 });
  await visitor.waitForTimeout(300);
  await visitor.screenshot({ path: path.join(out, 'widget-chat.png') });
  await agent.screenshot({ path: path.join(out, 'dashboard.png') });
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await server.close();
}
