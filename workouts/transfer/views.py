"""/data/: bring your history in (upload, review, confirm, progress); the export part of the
page is the fragment `_data_export.html`.

The upload is parsed in its request and kept as the user's `PendingImport`; the review is a
normal page; the confirm writes everything in one transaction in its request. Progress goes to
the cache under a token and `import.js` polls it while the browser waits: a closed tab or a
restart leaves the whole import or nothing, and an unconfirmed upload simply stays pending.
"""

import dataclasses
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..models import Exercise
from ..views import owned_or_404
from . import importer
from .formats import base, detect
from .forms import TOKEN, ConfirmForm, UploadForm, new_token
from .models import PendingImport

PAGE = "workouts/data.html"
REVIEW = "workouts/import_review.html"
KEEP_PENDING = dt.timedelta(days=7)
PHASES = {  # commit phase -> (share of the bar before it, share it takes, label)
    "write": (0, 55, "Writing workouts and sets"),
    "records": (55, 30, "Finding your records"),
    "rollups": (85, 5, "Totting up the dashboard"),
    "quotes": (90, 10, "Replaying the quotes you earned"),
}


def _go(request, *args, **kwargs):
    """A redirect; for import.js (which posts the form itself to draw progress) the address as
    JSON, so that the next page is loaded once, with its messages."""
    response = redirect(*args, **kwargs)
    if request.headers.get("X-Montage-Progress"):
        return JsonResponse({"location": response.url})
    return response


def _progress_key(user, token):
    return f"montage:import-progress:{user.pk}:{token}"


def _reporter(user, token, phases=None):
    def report(phase, done, total):
        start, share, label = (phases or PHASES)[phase]
        percent = start + share * (done / total if total else 1)
        cache.set(
            _progress_key(user, token),
            {"percent": round(percent), "label": label, "done": done, "total": total},
            timeout=3600,
        )

    return report


def _token(form):
    """The upload's progress token as the page sends it back: the one typed only if valid (it
    goes into a URL), else a new one."""
    typed = form["token"].value()
    return typed if typed and TOKEN.fullmatch(typed) else new_token()


def _page(request, form, status=200, problem=None):
    pending = PendingImport.objects.filter(user=request.user).defer("payload")
    return render(
        request,
        PAGE,
        {
            "form": form,
            "problem": problem,
            "token": _token(form),
            "pending": [p for p in pending if p.status == PendingImport.Status.PENDING],
            "done": [p for p in pending if p.status == PendingImport.Status.DONE][:5],
            "known": detect.KNOWN,
            "limit": detect.MAX_LABEL,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def data_page(request):
    if request.method == "GET":
        return _page(request, UploadForm(initial={"token": new_token()}))
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=422)
    upload, token = form.cleaned_data["file"], form.cleaned_data["token"] or new_token()
    report = _reporter(request.user, token, {"parse": (0, 100, "Reading the file")})
    try:
        data = upload.read(detect.MAX_BYTES + 1)
        parsed = detect.read_upload(data, progress=lambda done, total: report("parse", done, total))
    except base.ImportError_ as exc:
        return _page(request, form, status=422, problem=exc)
    if not parsed.workouts:
        return _page(
            request,
            form,
            status=422,
            problem=base.ImportError_("This file has no workouts in it. Nothing was imported."),
        )
    profile = request.profile
    summary = importer.summarise(parsed)
    summary["exercises"] = [
        dataclasses.asdict(item) for item in importer.file_exercises(parsed, request.user)
    ]
    summary["already"] = len(importer.already_imported(request.user, parsed, profile.zone))
    PendingImport.objects.filter(
        user=request.user, created_at__lt=timezone.now() - KEEP_PENDING
    ).delete()
    pending = PendingImport.objects.create(
        user=request.user,
        filename=(upload.name or "")[:200],
        source=parsed.source,
        format_label=parsed.label,
        summary=summary,
        payload=parsed.to_json(),
    )
    cache.delete(_progress_key(request.user, token))
    return _go(request, "workouts:import-review", pk=pending.pk)


def _review(request, pending, form, status=200):
    summary = pending.summary
    return render(
        request,
        REVIEW,
        {
            "pending": pending,
            "summary": summary,
            "form": form,
            "first": dt.date.fromisoformat(summary["first"]) if summary.get("first") else None,
            "last": dt.date.fromisoformat(summary["last"]) if summary.get("last") else None,
            "new_workouts": summary["workouts"] - summary.get("already", 0),
            "token": f"confirm-{pending.pk}",
        },
        status=status,
    )


def _exercises(user):
    return list(Exercise.objects.visible_to(user).only("pk", "name", "owner_id").order_by("name"))


@login_required
@require_GET
def import_review(request, pk):
    pending = PendingImport.objects.defer("payload").filter(user=request.user, pk=pk).first()
    if pending is None:
        raise Http404("No upload here.")
    if pending.status == PendingImport.Status.DONE:
        return redirect("workouts:data")
    form = ConfirmForm(summary=pending.summary, exercises=_exercises(request.user))
    return _review(request, pending, form)


@login_required
@require_POST
def import_confirm(request, pk):
    pending = owned_or_404(PendingImport, request.user, pk)
    if pending.status == PendingImport.Status.DONE:
        messages.info(request, "That file has already been imported.")
        return redirect("workouts:dashboard")
    form = ConfirmForm(request.POST, summary=pending.summary, exercises=_exercises(request.user))
    if not form.is_valid():
        return _review(request, pending, form, status=422)
    lock = f"montage:import-running:{pending.pk}"
    if not cache.add(lock, 1, timeout=3600):
        messages.info(request, "This import is already running; it finishes on its own.")
        return _go(request, "workouts:import-review", pk=pending.pk)
    token = f"confirm-{pending.pk}"
    try:
        with transaction.atomic():
            locked = PendingImport.objects.select_for_update().get(pk=pending.pk)
            if locked.status == PendingImport.Status.DONE:
                messages.info(request, "That file has already been imported.")
                return _go(request, "workouts:dashboard")
            parsed = base.Parsed.from_json(locked.payload)
            result = importer.commit(
                request.user,
                parsed,
                form.mapping(pending.summary),
                weight_unit=form.cleaned_data.get("weight_unit"),
                distance_unit=form.cleaned_data.get("distance_unit"),
                adopt_profile=form.cleaned_data.get("adopt_profile", False),
                progress=_reporter(request.user, token),
            )
            locked.status, locked.payload = PendingImport.Status.DONE, {}
            locked.result = dataclasses.asdict(result)
            locked.save(update_fields=["status", "payload", "result"])
    except base.ImportError_ as exc:
        form.add_error(None, exc.message)
        return _review(request, pending, form, status=422)
    finally:
        cache.delete(lock)
    cache.set(_progress_key(request.user, token), {"percent": 100, "label": "Done"}, 600)
    if result.workouts == 0:
        messages.info(
            request,
            f"Nothing added: all {result.skipped} workouts in this file "
            "were already in your history.",
        )
    else:
        skipped = (
            f"; {result.skipped:,} already in your history were skipped" if result.skipped else ""
        )
        messages.success(
            request,
            f"Imported {result.workouts:,} workouts and {result.sets:,} sets "
            f"from {pending.format_label}{skipped}.",
        )
    return _go(request, "workouts:dashboard")


@login_required
@require_POST
def import_discard(request, pk):
    pending = owned_or_404(PendingImport, request.user, pk)
    pending.delete()
    messages.info(
        request, f"Discarded the upload of {pending.filename or 'that file'}; nothing was imported."
    )
    return redirect("workouts:data")


@login_required
@require_GET
def import_progress(request, token):
    """How far the upload or confirm with this token has got (the user's own only)."""
    state = cache.get(_progress_key(request.user, token)) or {"percent": 0, "label": "Starting"}
    return JsonResponse(state, headers={"Cache-Control": "no-store"})
