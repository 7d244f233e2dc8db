import { createRoot } from 'react-dom/client';
import { connectKiosk } from './api-client';
import { App } from './App';
import './kiosk.css';

createRoot(document.getElementById('root')!).render(<App client={connectKiosk()} />);
