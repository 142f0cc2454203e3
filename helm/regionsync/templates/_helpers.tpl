{{- define "regionsync.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* CronJob names are capped at 52 characters: the controller appends an 11-character suffix to Job names. */}}
{{- define "regionsync.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" }}
{{- else if contains (include "regionsync.name" .) .Release.Name }}
{{- .Release.Name | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "regionsync.name" .) | trunc 52 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "regionsync.selectorLabels" -}}
app.kubernetes.io/name: {{ include "regionsync.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "regionsync.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "regionsync.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "regionsync.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{- define "regionsync.configMapName" -}}
{{- default (include "regionsync.fullname" .) .Values.desiredState.existingConfigMap }}
{{- end }}

{{- define "regionsync.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "regionsync.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* "true" when Slack notices keep their state on a volume. */}}
{{- define "regionsync.noticeState" -}}
{{- if and .Values.notifications.slack.webhookEnv .Values.notifications.slack.state.enabled }}true{{ end }}
{{- end }}

{{- define "regionsync.noticeClaimName" -}}
{{- default (printf "%s-notices" (include "regionsync.fullname" .)) .Values.notifications.slack.state.existingClaim }}
{{- end }}
