import { ErrorBoundary, lazy, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { Layout } from './components/layout.tsx';
import { ErrorState, Loading } from './components/states.tsx';
import { isPublicPath, SessionProvider, useSession } from './session.tsx';
import { NotFound } from './pages/not-found.tsx';
import { restricted } from './components/restricted.tsx';

// Every page is its own chunk: the first route loads only the shell and that page.
// `restricted(permission, …)`: other roles opening the URL get a "not available to your role" page.
const SignIn = lazy(() => import('./pages/sign-in.tsx').then((m) => m.SignIn));
const AcceptInvitation = lazy(() => import('./pages/accept-invitation.tsx').then((m) => m.AcceptInvitation));
const Dashboard = lazy(() => import('./pages/dashboard.tsx').then((m) => m.Dashboard));
const DealsList = lazy(() => import('./pages/deals-list.tsx').then((m) => m.DealsList));
const RegisterDeal = restricted('deals:register', lazy(() => import('./pages/register-deal.tsx').then((m) => m.RegisterDeal)));
const DealDetail = lazy(() => import('./pages/deal-detail.tsx').then((m) => m.DealDetailPage));
const ApprovalQueue = restricted('deals:decide', lazy(() => import('./pages/approval-queue.tsx').then((m) => m.ApprovalQueue)));
const Partners = restricted('partners:manage', lazy(() => import('./pages/partners.tsx').then((m) => m.Partners)));
const Users = restricted('users:read', lazy(() => import('./pages/users.tsx').then((m) => m.Users)));
const Team = restricted('team:manage', lazy(() => import('./pages/users.tsx').then((m) => m.Team)));
const Customers = restricted('customers:write', lazy(() => import('./pages/customers.tsx').then((m) => m.Customers)));
const AuditLog = restricted('audit:read', lazy(() => import('./pages/audit-log.tsx').then((m) => m.AuditLog)));
const Integrations = restricted('tokens:manage', lazy(() => import('./pages/integrations.tsx').then((m) => m.Integrations)));
const Settings = restricted('settings:manage', lazy(() => import('./pages/settings.tsx').then((m) => m.Settings)));
const Content = lazy(() => import('./pages/content.tsx').then((m) => m.Content));
const Certifications = lazy(() => import('./pages/certifications.tsx').then((m) => m.Certifications));
const OurTier = lazy(() => import('./pages/our-tier.tsx').then((m) => m.OurTier));
const Tiers = restricted('tiers:manage', lazy(() => import('./pages/tiers.tsx').then((m) => m.Tiers)));
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
  const { me, error, refresh, ended } = useSession();
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
        {/* A new router after a session ends: no page of the signed-out user stays rendered (calling useMe) while the sign-in page loads. */}
        <Router key={ended} onRouteChange={focusMain}>
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
