"""登记: the screen the desk opens on (:class:`RegistrationForm`).

form.py      the page: three columns, keys, lookups of the person's file and history, registering
persons.py   the companions/representatives table and its role editor
document.py  the form's state as the ``register`` JSON, and a refusal's field back to its table row
draft.py     the draft file that keeps what was typed across restarts
"""

from reception.ui.pages.registration.form import RegistrationForm

__all__ = ["RegistrationForm"]
