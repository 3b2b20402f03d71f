import { createRoot } from 'react-dom/client';
import { App } from './components/app.js';
import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(<App />);
