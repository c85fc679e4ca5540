"""Users, their unit memberships and roles, browser sessions, API tokens and the login-attempt log."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eoffice.auth.roles import Role
from eoffice.db import TimestampMixin, db
from eoffice.org.models import Unit


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[Optional[str]] = mapped_column(String(200))
    phone: Mapped[Optional[str]] = mapped_column(String(30))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_enabled: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    last_login_at: Mapped[Optional[datetime]] = mapped_column()
    # Failed sign-ins before this moment no longer slow the account down (a reset unlocks).
    password_changed_at: Mapped[Optional[datetime]] = mapped_column()

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="Membership.id"
    )
    role_grants: Mapped[list["RoleGrant"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="RoleGrant.id"
    )

    # Flask-Login: a disabled account cannot hold a session.
    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.is_enabled

    @property
    def roles(self) -> set[Role]:
        return {Role(grant.role) for grant in self.role_grants}

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    def role_units(self, role: Role) -> list[Optional[int]]:
        """Unit ids a role is scoped to (None means organisation-wide)."""
        return [g.unit_id for g in self.role_grants if g.role == role.value]

    @property
    def unit_ids(self) -> list[int]:
        return [m.unit_id for m in self.memberships]

    @property
    def primary_membership(self) -> Optional["Membership"]:
        for membership in self.memberships:
            if membership.is_primary:
                return membership
        return self.memberships[0] if self.memberships else None

    @property
    def position(self) -> str:
        membership = self.primary_membership
        return membership.position if membership else ""

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class Membership(db.Model):
    """A user works in a unit with a position (chức vụ); a user may belong to several units."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "unit_id", name="uq_memberships_user_unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    position: Mapped[str] = mapped_column(String(120), default="")
    is_primary: Mapped[bool] = mapped_column(default=False)

    user: Mapped[User] = relationship(back_populates="memberships")
    unit: Mapped[Unit] = relationship()


class RoleGrant(db.Model):
    __tablename__ = "role_grants"
    __table_args__ = (UniqueConstraint("user_id", "role", "unit_id", name="uq_role_grants_user_role_unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(40))
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("units.id"))

    user: Mapped[User] = relationship(back_populates="role_grants")
    unit: Mapped[Optional[Unit]] = relationship()

    @property
    def role_label(self) -> str:
        return Role(self.role).label


class UserSession(db.Model):
    """A signed-in browser. The cookie carries a random secret, the database only its SHA-256,
    and every request checks the row: logging out, a password change or disabling the account
    ends the session on the server, whatever copy of the cookie a browser (or a thief) kept."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column()
    expires_at: Mapped[datetime] = mapped_column()
    last_seen_at: Mapped[datetime] = mapped_column()
    ip_address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    ended_at: Mapped[Optional[datetime]] = mapped_column()
    # logout, password_changed, password_reset, disabled
    end_reason: Mapped[str] = mapped_column(String(40), default="")

    user: Mapped[User] = relationship()


class ApiToken(TimestampMixin, db.Model):
    """A token for integrations: only its SHA-256 is stored; it acts as its user."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[Optional[datetime]] = mapped_column()
    last_used_at: Mapped[Optional[datetime]] = mapped_column()
    revoked_at: Mapped[Optional[datetime]] = mapped_column()

    user: Mapped[User] = relationship()


class LoginAttempt(db.Model):
    """Every login attempt, kept for throttling and for the security log."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    ip_address: Mapped[str] = mapped_column(String(64), index=True)
    succeeded: Mapped[bool] = mapped_column()
    reason: Mapped[str] = mapped_column(String(40), default="")
    at: Mapped[datetime] = mapped_column(index=True)
