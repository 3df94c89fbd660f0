"""The Swedish strings the live pages' JavaScript shows, passed to it through json_script."""

from django.utils.translation import gettext as _


def live_strings() -> dict[str, str]:
    return {
        "connecting": _("Ansluter …"),
        "connected": _("Ansluten"),
        "reconnecting": _("Anslutningen bröts. Försöker igen …"),
        "refused": _("Mötet är avslutat eller länken gäller inte längre."),
        "time_left": _("Tid kvar"),
        "paused": _("Pausad"),
        "time_up": _("Tiden är ute!"),
        "no_block": _("Mötet har inte börjat än."),
        "ended": _("Mötet är avslutat. Tack för i dag!"),
        "no_poll": _("Ingen fråga är öppen just nu."),
        "poll_closed": _("Frågan är stängd."),
        "send": _("Skicka"),
        "sent": _("Tack! Ditt svar är skickat."),
        "answers": _("svar"),
        "your_answer": _("Ditt svar"),
        "rank_help": _("Ordna alternativen med knapparna, viktigast först."),
        "move_up": _("Flytta upp"),
        "move_down": _("Flytta ned"),
        "vote": _("Rösta"),
        "votes": _("röster"),
        "voted": _("Din röst är registrerad."),
        "hide": _("Dölj"),
        "group": _("Grupp"),
        "plenary": _("Helgrupp"),
        "step": _("Steg"),
        "note_sent": _("Lappen är uppsatt på tavlan."),
        "chat_sent": _("Meddelandet är skickat."),
        "sound_on": _("Ljud vid tidens slut"),
        "block_of": _("Punkt %(index)s av %(count)s"),
        "waiting": _("Väntar på svar …"),
        "sending": _("Skickas …"),
    }
