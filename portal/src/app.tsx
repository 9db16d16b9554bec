import { LocationProvider, Route, Router } from 'preact-iso';
import { NotFound } from './pages/not-found.tsx';

export function App() {
  return (
    <LocationProvider>
      <main id="main">
        <Router>
          <Route path="/" component={Home} />
          <Route default component={NotFound} />
        </Router>
      </main>
    </LocationProvider>
  );
}

function Home() {
  return <h1>Partner Portal</h1>;
}
