"""Every route of the core. Names are ``area.action``; one function per area."""


def add_public_routes(config):
    config.add_route("home", "/")


def add_account_routes(config):
    config.add_route("accounts.login", "/connexion")
    config.add_route("accounts.logout", "/deconnexion")
    config.add_route("accounts.two_step", "/connexion/code")
    config.add_route("accounts.two_step_enrol", "/connexion/validation-en-deux-etapes")
    config.add_route("accounts.forgot", "/mot-de-passe-oublie")
    config.add_route("accounts.reset", "/reinitialiser/{token}")
    config.add_route("accounts.activate", "/activation/{token}")
    config.add_route("accounts.account", "/mon-compte")
    config.add_route("accounts.change_password", "/mon-compte/mot-de-passe")
    config.add_route("accounts.change_email", "/mon-compte/identifiant")
    config.add_route("accounts.confirm_email", "/mon-compte/identifiant/{token}")
    config.add_route("accounts.reminders", "/mon-compte/rappels")


def add_agent_routes(config):
    config.add_route("agents.home", "/agents/")
    config.add_route("agents.accounts", "/agents/comptes")
    config.add_route("agents.accounts.new", "/agents/comptes/nouveau")
    config.add_route("agents.accounts.toggle", "/agents/comptes/{user_id:\\d+}/activation")
    config.add_route("agents.accounts.two_step_reset", "/agents/comptes/{user_id:\\d+}/deux-etapes")
    config.add_route("agents.security", "/agents/securite")
    config.add_route("agents.families", "/agents/familles")
    config.add_route("agents.families.new", "/agents/familles/nouvelle")
    config.add_route("agents.families.invite", "/agents/familles/{family_id:\\d+}/invitation")
    config.add_route("agents.outbox", "/agents/courriels")
    config.add_route("agents.outbox.message", "/agents/courriels/{message_id:\\d+}")
    config.add_route("agents.outbox.retry", "/agents/courriels/{message_id:\\d+}/renvoi")


def add_content_routes(config):
    """Home page content, information pages, « Contactez-nous » and the agents' tools."""
    config.add_route("content.news", "/nouvelles")
    config.add_route("content.news_item", "/nouvelles/{news_id:\\d+}")
    config.add_route("content.downloads", "/telechargements")
    config.add_route("content.download", "/telechargements/{download_id:\\d+}")
    config.add_route("content.page", "/informations/{page_id:\\d+}")
    config.add_route("content.legal", "/mentions-legales")
    config.add_route("contact.form", "/contactez-nous")
    config.add_route("agents.content", "/agents/contenus")
    config.add_route("agents.news", "/agents/contenus/nouvelles")
    config.add_route("agents.news.new", "/agents/contenus/nouvelles/nouvelle")
    config.add_route("agents.news.edit", "/agents/contenus/nouvelles/{news_id:\\d+}")
    config.add_route("agents.news.delete", "/agents/contenus/nouvelles/{news_id:\\d+}/suppression")
    config.add_route("agents.downloads", "/agents/contenus/telechargements")
    config.add_route("agents.downloads.new", "/agents/contenus/telechargements/nouveau")
    config.add_route("agents.downloads.edit", "/agents/contenus/telechargements/{download_id:\\d+}")
    config.add_route(
        "agents.downloads.move", "/agents/contenus/telechargements/{download_id:\\d+}/ordre"
    )
    config.add_route(
        "agents.downloads.delete", "/agents/contenus/telechargements/{download_id:\\d+}/suppression"
    )
    config.add_route("agents.pages", "/agents/contenus/pages")
    config.add_route("agents.pages.defaults", "/agents/contenus/pages/pages-proposees")
    config.add_route("agents.pages.new", "/agents/contenus/pages/nouvelle")
    config.add_route("agents.pages.edit", "/agents/contenus/pages/{page_id:\\d+}")
    config.add_route("agents.pages.move", "/agents/contenus/pages/{page_id:\\d+}/ordre")
    config.add_route("agents.pages.delete", "/agents/contenus/pages/{page_id:\\d+}/suppression")
    config.add_route("agents.sections.new", "/agents/contenus/rubriques/nouvelle")
    config.add_route("agents.sections.edit", "/agents/contenus/rubriques/{section_id:\\d+}")
    config.add_route("agents.sections.move", "/agents/contenus/rubriques/{section_id:\\d+}/ordre")
    config.add_route(
        "agents.sections.delete", "/agents/contenus/rubriques/{section_id:\\d+}/suppression"
    )
    config.add_route("agents.messages", "/agents/contenus/messages")


def add_family_routes(config):
    """The family file, child sheets and documents: the parent's own, and the agents' tools."""
    child = "/famille/enfants/{child_id:\\d+}"
    config.add_route("family.edit", "/famille")
    config.add_route("family.children", "/famille/enfants")
    config.add_route("family.child", child)
    config.add_route("family.pickup.new", child + "/personnes/nouvelle")
    config.add_route("family.pickup.edit", child + "/personnes/{person_id:\\d+}")
    config.add_route("family.pickup.delete", child + "/personnes/{person_id:\\d+}/suppression")
    config.add_route("family.documents", "/famille/documents")
    config.add_route("family.documents.new", "/famille/documents/nouveau")
    config.add_route("family.documents.view", "/famille/documents/{document_id:\\d+}")
    config.add_route("family.documents.file", "/famille/documents/{document_id:\\d+}/fichier")
    config.add_route("family.history", "/famille/historique")
    config.add_route("family.export", "/famille/mes-donnees")
    family = "/agents/familles/{family_id:\\d+}"
    child = family + "/enfants/{child_id:\\d+}"
    config.add_route("agents.families.view", family)
    config.add_route("agents.family.edit", family + "/modifier")
    config.add_route("agents.family.history", family + "/historique")
    config.add_route("agents.family.child.new", family + "/enfants/nouveau")
    config.add_route("agents.family.child", child)
    config.add_route("agents.family.child.identity", child + "/identite")
    config.add_route("agents.family.child.archive", child + "/archivage")
    config.add_route("agents.family.child.household", child + "/garde-partagee")
    config.add_route("agents.family.child.household.link", child + "/garde-partagee/lier")
    config.add_route("agents.family.child.household.unlink", child + "/garde-partagee/delier")
    config.add_route(
        "agents.family.guardian.restriction", family + "/responsables/{position:[12]}/restriction"
    )
    config.add_route("agents.family.pickup.new", child + "/personnes/nouvelle")
    config.add_route("agents.family.pickup.edit", child + "/personnes/{person_id:\\d+}")
    config.add_route(
        "agents.family.pickup.delete", child + "/personnes/{person_id:\\d+}/suppression"
    )
    config.add_route("agents.documents", "/agents/documents")
    config.add_route("agents.documents.review", "/agents/documents/{document_id:\\d+}")
    config.add_route("agents.documents.file", "/agents/documents/{document_id:\\d+}/fichier")


def add_billing_routes(config):
    """Invoices and payments: the parent's "Mes Factures & Paiements", the agents' tools."""
    invoice = "/mes-factures/factures/{invoice_id:\\d+}"
    config.add_route("billing.list", "/mes-factures")
    config.add_route("billing.invoice", invoice)
    config.add_route("billing.invoice_pdf", invoice + "/facture.pdf")
    config.add_route("billing.payment", "/mes-factures/paiements/{payment_id:\\d+}")
    config.add_route("billing.attestation", "/mes-factures/attestation-{year:\\d+}.pdf")
    invoice = "/agents/factures/{invoice_id:\\d+}"
    config.add_route("agents.billing.invoices", "/agents/factures")
    config.add_route("agents.billing.invoices_csv", "/agents/factures.csv")
    config.add_route("agents.billing.invoice", invoice)
    config.add_route("agents.billing.invoice_pdf", invoice + "/facture.pdf")
    config.add_route("agents.billing.credit", invoice + "/avoir")
    config.add_route("agents.billing.cancel", invoice + "/annulation")
    config.add_route("agents.billing.tresor", invoice + "/tresor-public")
    config.add_route("agents.billing.runs", "/agents/facturation")
    config.add_route("agents.billing.run", "/agents/facturation/{run_id:\\d+}")
    config.add_route("agents.billing.run_publish", "/agents/facturation/{run_id:\\d+}/publication")
    config.add_route("agents.billing.run_discard", "/agents/facturation/{run_id:\\d+}/suppression")
    family = "/agents/familles/{family_id:\\d+}/factures"
    config.add_route("agents.billing.family", family)
    config.add_route("agents.billing.counter_payment", family + "/paiement/{regie}")
    config.add_route("agents.billing.payments", "/agents/paiements")
    config.add_route("agents.billing.payments_csv", "/agents/paiements.csv")
    config.add_route("agents.billing.payment", "/agents/paiements/{payment_id:\\d+}")
    config.add_route(
        "agents.billing.payment_cancel", "/agents/paiements/{payment_id:\\d+}/annulation"
    )


def add_bookings_routes(config):
    """Reservations: the parents' journey and feed, the agents' periods, queue and lists."""
    step = "/{period_id:\\d+}/{child_id:\\d+}"
    config.add_route("bookings.list", "/reservations")
    config.add_route("bookings.new", "/reservations/nouvelle")
    config.add_route("bookings.choose", "/reservations/nouvelle/{child_id:\\d+}")
    config.add_route("bookings.planning", "/reservations/planning" + step)
    config.add_route("bookings.recap", "/reservations/recapitulatif" + step)
    config.add_route("bookings.saved", "/reservations/enregistree")
    config.add_route("bookings.absence_new", "/reservations/absences/nouvelle")
    config.add_route("bookings.detail", "/reservations/{reservation_id:\\d+}")
    config.add_route("bookings.feed", "/reservations/calendrier")
    config.add_route("bookings.feed_ics", "/calendrier/{token}.ics")
    establishment = "/agents/etablissements/{establishment_id:\\d+}"
    period = "/agents/periodes/{period_id:\\d+}"
    config.add_route("agents.bookings.establishments", "/agents/etablissements")
    config.add_route("agents.bookings.sync", "/agents/etablissements/synchroniser")
    config.add_route("agents.bookings.unit_new", establishment + "/accueils/nouveau")
    config.add_route("agents.bookings.unit_edit", "/agents/accueils/{unit_id:\\d+}")
    config.add_route("agents.bookings.periods", "/agents/periodes")
    config.add_route("agents.bookings.period_new", establishment + "/periodes/nouvelle")
    config.add_route("agents.bookings.period_edit", period + "/modifier")
    config.add_route("agents.bookings.closed_days", period + "/fermetures")
    config.add_route("agents.bookings.reopen", period + "/fermetures/{closed_id:\\d+}/reouverture")
    config.add_route("agents.bookings.enrolments", period + "/inscriptions")
    config.add_route(
        "agents.bookings.unenrol", period + "/inscriptions/{enrolment_id:\\d+}/suppression"
    )
    config.add_route("agents.bookings.occupancy", period + "/occupation")
    config.add_route("agents.bookings.export", period + "/export.csv")
    config.add_route("agents.bookings.queue", "/agents/demandes")
    config.add_route("agents.bookings.reservations", "/agents/reservations")
    config.add_route("agents.bookings.reservation", "/agents/reservations/{reservation_id:\\d+}")
    config.add_route("agents.bookings.daily", "/agents/liste-du-jour")
    config.add_route("agents.absences", "/agents/absences")
    config.add_route("agents.absences.decide", "/agents/absences/{absence_id:\\d+}/decision")
    config.add_route("agents.closures.new", "/agents/fermer-une-journee")
    config.add_route("agents.closures.confirm", "/agents/fermer-une-journee/confirmation")


def add_campaign_routes(config):
    """Registration campaigns: the parents' « Inscriptions » and waiting room, the agents'."""
    config.add_route("campaigns.list", "/inscriptions")
    config.add_route("campaigns.wishes", "/inscriptions/{campaign_id:\\d+}")
    config.add_route("campaigns.respond", "/inscriptions/demandes/{request_id:\\d+}")
    config.add_route("campaigns.waiting", "/salle-d-attente/{campaign_id:\\d+}")
    campaign = "/agents/campagnes/{campaign_id:\\d+}"
    config.add_route("agents.campaigns", "/agents/campagnes")
    config.add_route("agents.campaigns.new", "/agents/campagnes/nouvelle")
    config.add_route("agents.campaigns.view", campaign)
    config.add_route("agents.campaigns.edit", campaign + "/modifier")
    config.add_route("agents.campaigns.adjust", campaign + "/ajustement")
    config.add_route(
        "agents.campaigns.action", campaign + "/{action:tirage|publication|expirations|cloture}"
    )


def add_payment_routes(config):
    """Online payment: the parents' choice, recap, start, return and state; the gateways'
    notifications (tenant and régie in the path); the agents' online payments and log."""
    payment = "/paiement-en-ligne/{payment_id:\\d+}"
    config.add_route("payments.new", "/paiement-en-ligne")
    config.add_route("payments.recap", "/paiement-en-ligne/recapitulatif")
    config.add_route("payments.start", "/paiement-en-ligne/acces")
    config.add_route("payments.status", payment)
    config.add_route("payments.return", payment + "/retour")
    config.add_route("payments.notify", "/paiement/notification/{tenant}/{regie}/{backend}")
    agent_payment = "/agents/paiements/{payment_id:\\d+}"
    config.add_route("agents.payments.online", "/agents/paiements-en-ligne")
    config.add_route("agents.payments.messages", "/agents/paiements-en-ligne/messages")
    config.add_route("agents.payments.log", agent_payment + "/messages")
    config.add_route("agents.payments.query", agent_payment + "/interrogation")


def add_operator_routes(config):
    config.add_route("operator.login", "/-/connexion", operator_host=True)
    config.add_route("operator.two_step", "/-/connexion/code", operator_host=True)
    config.add_route("operator.security", "/-/securite", operator_host=True)
    config.add_route("operator.plugins", "/-/plugins", operator_host=True)
    config.add_route("operator.plugins_json", "/-/plugins.json", operator_host=True)
    config.add_route("operator.journal", "/-/journal", operator_host=True)


def includeme(config):
    add_public_routes(config)
    add_account_routes(config)
    add_agent_routes(config)
    add_operator_routes(config)
    add_bookings_routes(config)
    add_billing_routes(config)
    add_family_routes(config)
    add_content_routes(config)
    add_payment_routes(config)
    add_campaign_routes(config)
