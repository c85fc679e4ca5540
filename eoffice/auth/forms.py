"""Forms for signing in, users and tokens (Flask-WTF: CSRF on every form)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, IntegerField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional

REQUIRED = "Trường này bắt buộc."


class LoginForm(FlaskForm):
    username = StringField("Tên đăng nhập", validators=[DataRequired(REQUIRED), Length(max=64)])
    password = PasswordField("Mật khẩu", validators=[DataRequired(REQUIRED), Length(max=256)])
    submit = SubmitField("Đăng nhập")


class TokenForm(FlaskForm):
    name = StringField("Tên khóa (dùng cho hệ thống nào)", validators=[DataRequired(REQUIRED), Length(max=120)])
    expires_in_days = IntegerField(
        "Hết hạn sau (ngày)", validators=[Optional(), NumberRange(1, 3650, "Từ 1 đến 3650 ngày.")], default=365
    )
    submit = SubmitField("Tạo khóa")


class UserForm(FlaskForm):
    username = StringField("Tên đăng nhập", validators=[DataRequired(REQUIRED), Length(max=64)])
    full_name = StringField("Họ và tên", validators=[DataRequired(REQUIRED), Length(max=120)])
    email = EmailField("Thư điện tử", validators=[Optional(), Length(max=200)])
    phone = StringField("Số điện thoại", validators=[Optional(), Length(max=30)])
    password = PasswordField("Mật khẩu ban đầu", validators=[Optional(), Length(max=256)])
    unit_id = SelectField("Đơn vị công tác", coerce=int, validate_choice=False)
    position = StringField("Chức vụ", validators=[Optional(), Length(max=120)])
    role = SelectField("Vai trò", validate_choice=False)
    submit = SubmitField("Lưu")


class PasswordResetForm(FlaskForm):
    password = PasswordField("Mật khẩu mới", validators=[DataRequired(REQUIRED), Length(max=256)])
    submit = SubmitField("Đặt lại mật khẩu")


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Mật khẩu hiện tại", validators=[DataRequired(REQUIRED), Length(max=256)])
    new_password = PasswordField("Mật khẩu mới", validators=[DataRequired(REQUIRED), Length(max=256)])
    confirm = PasswordField("Nhập lại mật khẩu mới", validators=[
        DataRequired(REQUIRED), EqualTo("new_password", "Hai lần nhập mật khẩu mới không giống nhau. Hãy nhập lại cho khớp."),
    ])
    submit = SubmitField("Đổi mật khẩu")


class RoleGrantForm(FlaskForm):
    role = SelectField("Vai trò", validate_choice=False)
    unit_id = SelectField("Phạm vi đơn vị", coerce=int, validate_choice=False)
    submit = SubmitField("Cấp vai trò")


class MembershipForm(FlaskForm):
    unit_id = SelectField("Đơn vị", coerce=int, validate_choice=False)
    position = StringField("Chức vụ", validators=[Optional(), Length(max=120)])
    primary = BooleanField("Đơn vị chính")
    submit = SubmitField("Thêm vào đơn vị")


class ConfirmForm(FlaskForm):
    """An empty form: a POST button with its CSRF token (disable, revoke…)."""

    submit = SubmitField("Xác nhận")
