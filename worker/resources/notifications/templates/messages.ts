import { portalUrl, renderMail, type MailContent } from './layout.ts';

const PREFERENCES = 'You get this because of your notification settings; change them on your account page.';

/** A notification (deal decision, new registration, …) as an email. */
export function notificationMail(portal: string, n: { title: string; body: string; link: string }): MailContent {
  return renderMail({
    subject: n.title,
    heading: n.title,
    paragraphs: [n.body],
    action: { label: 'Open in the portal', url: portalUrl(portal, n.link) },
    footer: PREFERENCES,
  });
}

/** The forgot-password link. */
export function passwordResetMail(portal: string, token: string): MailContent {
  return renderMail({
    subject: 'Reset your Partner Portal password',
    heading: 'Reset your password',
    paragraphs: [
      'Someone asked to reset the password of your Partner Portal account. If it was you, choose a new password with the link below. It works once, for one hour.',
      'If it was not you, ignore this email: your password stays as it is.',
    ],
    action: { label: 'Choose a new password', url: portalUrl(portal, `/reset-password/${token}`) },
    footer: 'You get this because a password reset was requested for your address.',
  });
}

/** An invitation to create an account. */
export function invitationMail(portal: string, inv: { inviteUrl: string; invitedByName: string; partnerName: string | null; expiresAt: Date }): MailContent {
  const joining = inv.partnerName ? `${inv.partnerName} on the Partner Portal` : 'the Partner Portal';
  return renderMail({
    subject: `${inv.invitedByName} invited you to ${joining}`,
    heading: `You are invited to ${joining}`,
    paragraphs: [
      `${inv.invitedByName} invited you to join ${joining}. Choose your name and password with the link below.`,
      `The invitation works once and expires on ${inv.expiresAt.toISOString().slice(0, 10)}.`,
    ],
    action: { label: 'Accept the invitation', url: inv.inviteUrl.startsWith('http') ? inv.inviteUrl : portalUrl(portal, inv.inviteUrl) },
    footer: 'You get this because someone invited your address. Ignore it if you did not expect it.',
  });
}

/** A day's notifications in one email (staff who chose the daily digest). */
export function digestMail(portal: string, items: readonly { subject: string }[]): MailContent {
  return renderMail({
    subject: `Partner Portal: ${items.length} notification${items.length === 1 ? '' : 's'} today`,
    heading: 'Your daily digest',
    paragraphs: items.map((i) => `• ${i.subject}`),
    action: { label: 'Open your notifications', url: portalUrl(portal, '/notifications') },
    footer: PREFERENCES,
  });
}
