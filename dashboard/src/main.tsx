import { render } from 'preact';
import { App } from './App';
import { setLocale } from './i18n';
import './styles.css';

setLocale('fr');
const root = document.getElementById('app');
if (root) render(<App />, root);
