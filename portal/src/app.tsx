import { ErrorBoundary, lazy, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { Layout } from './components/layout.tsx';
import { ErrorState, Loading } from './components/states.tsx';
import { isPublicPath, SessionProvider, useSession } from './session.tsx';
import { NotFound } from './pages/not-found.tsx';

// Every page is its own chunk: the first route loads only the shell and that page.
const SignIn = lazy(() => import('./pages/sign-in.tsx').then((m) => m.SignIn));
const AcceptInvitation = lazy(() => import('./pages/accept-invitation.tsx').then((m) => m.AcceptInvitation));
const Dashboard = lazy(() => import('./pages/dashboard.tsx').then((m) => m.Dashboard));
const DealsList = lazy(() => import('./pages/deals-list.tsx').then((m) => m.DealsList));
const RegisterDeal = lazy(() => import('./pages/register-deal.tsx').then((m) => m.RegisterDeal));
const DealDetail = lazy(() => import('./pages/deal-detail.tsx').then((m) => m.DealDetailPage));
const ApprovalQueue = lazy(() => import('./pages/approval-queue.tsx').then((m) => m.ApprovalQueue));
const Partners = lazy(() => import('./pages/partners.tsx').then((m) => m.Partners));
const Users = lazy(() => import('./pages/users.tsx').then((m) => m.Users));
const Team = lazy(() => import('./pages/users.tsx').then((m) => m.Team));
const Customers = lazy(() => import('./pages/customers.tsx').then((m) => m.Customers));
const AuditLog = lazy(() => import('./pages/audit-log.tsx').then((m) => m.AuditLog));
const Integrations = lazy(() => import('./pages/integrations.tsx').then((m) => m.Integrations));
const Settings = lazy(() => import('./pages/settings.tsx').then((m) => m.Settings));
const Content = lazy(() => import('./pages/content.tsx').then((m) => m.Content));
const Certifications = lazy(() => import('./pages/certifications.tsx').then((m) => m.Certifications));
const OurTier = lazy(() => import('./pages/our-tier.tsx').then((m) => m.OurTier));
const Tiers = lazy(() => import('./pages/tiers.tsx').then((m) => m.Tiers));
const Notifications = lazy(() => import('./pages/notifications.tsx').then((m) => m.Notifications));
const Account = lazy(() => import('./pages/account.tsx').then((m) => m.Account));
const ForgotPassword = lazy(() => import('./pages/forgot-password.tsx').then((m) => m.ForgotPassword));
const ResetPassword = lazy(() => import('./pages/forgot-password.tsx').then((m) => m.ResetPassword));

export function App() {
  return (
    <LocationProvider>
      <SessionProvider>
        <Shell />
      </SessionProvider>
    </LocationProvider>
  );
}

function Shell() {
  const { me, error, refresh } = useSession();
  const { path } = useLocation();

  if (!isPublicPath(path) && !me) {
    return (
      <Layout>
        {error ? <ErrorState error={error} retry={() => void refresh()} /> : <Loading label="Checking your session…" />}
      </Layout>
    );
  }

  return (
    <Layout>
      <ErrorBoundary>
        <Router onRouteChange={focusMain}>
          <Route path="/sign-in" component={SignIn} />
          <Route path="/invite/:token" component={AcceptInvitation} />
          <Route path="/" component={Dashboard} />
          <Route path="/deals" component={DealsList} />
          <Route path="/deals/new" component={RegisterDeal} />
          <Route path="/deals/:id" component={DealDetail} />
          <Route path="/queue" component={ApprovalQueue} />
          <Route path="/partners" component={Partners} />
          <Route path="/users" component={Users} />
          <Route path="/team" component={Team} />
          <Route path="/customers" component={Customers} />
          <Route path="/audit" component={AuditLog} />
          <Route path="/integrations" component={Integrations} />
          <Route path="/settings" component={Settings} />
          <Route path="/content" component={Content} />
          <Route path="/certifications" component={Certifications} />
          <Route path="/our-tier" component={OurTier} />
          <Route path="/tiers" component={Tiers} />
          <Route path="/notifications" component={Notifications} />
          <Route path="/account" component={Account} />
          <Route path="/forgot-password" component={ForgotPassword} />
          <Route path="/reset-password/:token" component={ResetPassword} />
          <Route default component={NotFound} />
        </Router>
      </ErrorBoundary>
    </Layout>
  );
}

/** After client-side navigation, move focus to the new page so screen readers announce it. */
function focusMain() {
  requestAnimationFrame(() => document.getElementById('main')?.focus({ preventScroll: false }));
}
