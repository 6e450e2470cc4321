import ipaddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from workouts import outbox


class ProfileBackend(ModelBackend):
    """Django's ModelBackend, loading the user's profile in the same query as the user."""

    def get_user(self, user_id):
        try:
            user = get_user_model()._default_manager.select_related("profile").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


def client_address(request):
    """The client's IP address, through the configured number of trusted reverse proxies.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so
    with N proxies the client is the Nth address from the right of [X-Forwarded-For..., REMOTE_ADDR]
    (anything further left was written by the client and proves nothing). With no proxy
    configured the header is ignored. A malformed entry gives REMOTE_ADDR (the nearest proxy).
    """
    remote = request.META.get("REMOTE_ADDR") or ""
    count = settings.MONTAGE_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [part.strip() for part in forwarded.split(",") if part.strip()] + [remote]
    candidate = chain[max(0, len(chain) - 1 - count)]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def attempted_username(request, credentials):
    """The username a log-in attempt named, as django-axes records it: no longer than a
    username can be (axes stores up to 255 characters; a longer one would fail to save)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field) or request.POST.get(field) or ""
    max_length = get_user_model()._meta.get_field("username").max_length
    return str(value)[:max_length]


# ---------- password reset ----------

# A password hash no password matches, for the stand-in user of an unknown email (the token is
# made from it, exactly as for a real account).
_STAND_IN_PASSWORD = make_password(None)


def render_reset_mail(
    subject_template_name,
    email_template_name,
    context,
    from_email,
    to_email,
    html_email_template_name=None,
):
    """The password-reset message, rendered (Django's PasswordResetForm.send_mail, unsent)."""
    subject = "".join(render_to_string(subject_template_name, context).splitlines())
    body = render_to_string(email_template_name, context)
    message = EmailMultiAlternatives(subject, body, from_email, [to_email])
    if html_email_template_name is not None:
        message.attach_alternative(render_to_string(html_email_template_name, context), "text/html")
    return message


class EvenPasswordResetForm(PasswordResetForm):
    """Does the same work whether or not the email belongs to an account: one user lookup, one
    token, one rendered message; only a real account's message is then handed to a background
    thread (workouts.outbox), so the response never waits on the mail server. So the response
    time does not tell an attacker which emails have accounts."""

    def save(
        self,
        domain_override=None,
        subject_template_name="registration/password_reset_subject.txt",
        email_template_name="registration/password_reset_email.html",
        use_https=False,
        token_generator=default_token_generator,
        from_email=None,
        request=None,
        html_email_template_name=None,
        extra_email_context=None,
    ):
        email = self.cleaned_data["email"]
        if domain_override:
            site_name = domain = domain_override
        else:
            site = get_current_site(request)
            site_name, domain = site.name, site.domain
        users = list(self.get_users(email))
        stand_in = get_user_model()(username="", email=email, password=_STAND_IN_PASSWORD)
        for user in users or [None]:
            target = user or stand_in
            context = {
                "email": email,
                "domain": domain,
                "site_name": site_name,
                "uid": urlsafe_base64_encode(force_bytes(target.pk or 0)),
                "user": target,
                "token": token_generator.make_token(target),
                "protocol": "https" if use_https else "http",
                **(extra_email_context or {}),
            }
            message = render_reset_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                getattr(target, target.get_email_field_name()),
                html_email_template_name,
            )
            if user is not None:
                outbox.send_later(message, f"password reset email to user {user.pk}")
