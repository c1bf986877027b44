"""Forms (Flask-WTF: CSRF token included and checked)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, PasswordField, SelectField, StringField
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange

from negosim.accounts.passwords import MIN_LENGTH

MAX_ROOMS = 40  # rooms opened at once for one cohort


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])


class UserForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    display_name = StringField(_l("Full name"), validators=[Length(max=120)])
    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice("trainer", _l("trainer")),
            SelectChoice("jury", _l("jury member")),
            SelectChoice("admin", _l("administrator")),
            SelectChoice("candidate", _l("candidate")),
        ],
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(min=MIN_LENGTH, max=1000)]
    )


class CohortForm(FlaskForm):
    name = StringField(_l("Cohort name"), validators=[DataRequired(), Length(max=120)])


class AssignJuryForm(FlaskForm):
    username = StringField(_l("Jury member (username)"), validators=[DataRequired()])


class AttachRunForm(FlaskForm):
    code = StringField(_l("Room code"), validators=[DataRequired(), Length(max=12)])


class CandidateForm(FlaskForm):
    name = StringField(_l("Candidate name"), validators=[DataRequired(), Length(max=120)])


class OpenRoomsForm(FlaskForm):
    """Rooms for a cohort's groups: one scenario, the same clock for every group."""

    scenario_id = SelectField(_l("Scenario"), validators=[DataRequired()])
    rooms = IntegerField(
        _l("Number of rooms (groups)"), default=4, validators=[NumberRange(min=1, max=MAX_ROOMS)]
    )
    duration_min = IntegerField(
        _l("Duration (minutes)"), default=30, validators=[NumberRange(min=1, max=180)]
    )
    prep_min = IntegerField(
        _l("Preparation (minutes)"), default=10, validators=[NumberRange(min=0, max=120)]
    )


class CandidateAccountForm(FlaskForm):
    """A candidate's account, made by a trainer for a cohort whose school wants accounts."""

    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    display_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(min=MIN_LENGTH, max=1000)]
    )
