{{/* The chart's name, truncated to the 63 characters of a DNS label. */}}
{{- define "xuanxuan.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* <release>-<chart> unless the release name already contains the chart's name, or fullnameOverride. */}}
{{- define "xuanxuan.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The five components, in start order of nothing in particular: they only meet on Kafka. */}}
{{- define "xuanxuan.components" -}}
gateway presence chat offline file
{{- end }}

{{/* Components with a database of their own. */}}
{{- define "xuanxuan.hasDatabase" -}}
{{- if ne . "gateway" }}true{{ end }}
{{- end }}

{{/* Components whose actuator is on a separate management port (the others serve it on their port). */}}
{{- define "xuanxuan.hasManagementPort" -}}
{{- if or (eq . "gateway") (eq . "file") }}true{{ end }}
{{- end }}

{{/* <fullname>-<component>; call with (dict "root" $ "component" "gateway"). */}}
{{- define "xuanxuan.componentName" -}}
{{- printf "%s-%s" (include "xuanxuan.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "xuanxuan.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "xuanxuan.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: xuanxuan
{{- end }}

{{/* Labels of one component; call with (dict "root" $ "component" "gateway"). */}}
{{- define "xuanxuan.componentLabels" -}}
{{ include "xuanxuan.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Selector labels of one component; call with (dict "root" $ "component" "gateway"). */}}
{{- define "xuanxuan.selectorLabels" -}}
app.kubernetes.io/name: {{ include "xuanxuan.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* The Secret with the database user and password. */}}
{{- define "xuanxuan.databaseSecretName" -}}
{{- if .Values.database.existingSecret }}{{ .Values.database.existingSecret }}{{ else }}{{ include "xuanxuan.fullname" . }}-database{{ end }}
{{- end }}

{{/* The Secret with the S3 keys. */}}
{{- define "xuanxuan.s3SecretName" -}}
{{- if .Values.s3.existingSecret }}{{ .Values.s3.existingSecret }}{{ else }}{{ include "xuanxuan.fullname" . }}-s3{{ end }}
{{- end }}

{{/* The Secret with the 2.x clients' token key. */}}
{{- define "xuanxuan.xxcSecretName" -}}
{{- if .Values.xxc.existingSecret }}{{ .Values.xxc.existingSecret }}{{ else }}{{ include "xuanxuan.fullname" . }}-xxc{{ end }}
{{- end }}

{{/* The components that take the 2.x clients' token key: presence issues tokens, the gateway and the file
     service check them. */}}
{{- define "xuanxuan.takesXxcSecret" -}}
{{- if and .root.Values.xxc.enabled (has .component (list "presence" "gateway" "file")) }}true{{ end }}
{{- end }}

{{/* The Secret with the account `helm test` logs in with. */}}
{{- define "xuanxuan.testSecretName" -}}
{{- if .Values.tests.existingSecret }}{{ .Values.tests.existingSecret }}{{ else }}{{ include "xuanxuan.fullname" . }}-test-account{{ end }}
{{- end }}

{{/* repository:tag of a component, the tag defaulting to the chart's appVersion. */}}
{{- define "xuanxuan.image" -}}
{{- $image := index .root.Values .component "image" }}
{{- printf "%s:%s" $image.repository (default .root.Chart.AppVersion $image.tag) }}
{{- end }}

{{/* The environment a component gets that is no secret (its ConfigMap). */}}
{{- define "xuanxuan.configEnv" -}}
{{- $root := .root }}
{{- $component := .component }}
{{- $values := index $root.Values $component }}
XX_KAFKA_BOOTSTRAP: {{ $root.Values.kafka.bootstrapServers | quote }}
XX_PARTITIONS: {{ $root.Values.kafka.partitions | quote }}
XX_REPLICATION_FACTOR: {{ $root.Values.kafka.replicationFactor | quote }}
{{- if gt (int $root.Values.kafka.minInsyncReplicas) 0 }}
XUANXUAN_BUS_KAFKA_MIN_INSYNC_REPLICAS: {{ $root.Values.kafka.minInsyncReplicas | quote }}
{{- end }}
{{- $tcp := $root.Values.gateway.tcp }}
{{- if eq $component "gateway" }}
XUANXUAN_GATEWAY_DRAIN_PERIOD: {{ $values.drainPeriod | quote }}
{{- /* the 1.0 client's TCP door (xuanxuan.gateway.tcp.*, relaxed binding), off unless gateway.tcp.enabled */}}
XUANXUAN_GATEWAY_TCP_ENABLED: {{ $tcp.enabled | quote }}
{{- if $tcp.enabled }}
XUANXUAN_GATEWAY_TCP_PORT: {{ $tcp.port | quote }}
{{- end }}
{{- end }}
{{- if and (eq $component "file") $tcp.enabled }}
{{- /* what getconfig tells 1.0 clients: the TCP Service's public side, not this HTTP port */}}
{{- with $tcp.publicHost }}
XUANXUAN_FILES_LEGACY_IP: {{ . | quote }}
{{- end }}
XUANXUAN_FILES_LEGACY_PORT: {{ include "xuanxuan.tcpPublicPort" $root | quote }}
{{- end }}
{{- if has $component (list "presence" "gateway" "file") }}
{{- /* the 2.x clients (xuanxuan.xxc.*); the token key comes from a Secret */}}
XUANXUAN_XXC_ENABLED: {{ $root.Values.xxc.enabled | quote }}
{{- if and (eq $component "presence") $root.Values.xxc.enabled }}
XUANXUAN_XXC_UPLOAD_FILE_SIZE: {{ $root.Values.xxc.uploadFileSize | quote }}
{{- with $root.Values.xxc.socketUrl }}
XUANXUAN_XXC_SOCKET_URL: {{ . | quote }}
{{- end }}
{{- end }}
{{- end }}
XX_{{ upper $component }}_PORT: {{ $values.port | quote }}
{{- if include "xuanxuan.hasManagementPort" $component }}
XX_{{ upper $component }}_MANAGEMENT_PORT: {{ $values.managementPort | quote }}
{{- /* the actuator answers only on loopback unless Prometheus scrapes it from outside the pod */}}
XX_MANAGEMENT_ADDRESS: {{ ternary "0.0.0.0" "127.0.0.1" $root.Values.metrics.serviceMonitor.enabled | quote }}
{{- end }}
{{- if include "xuanxuan.hasDatabase" $component }}
XX_DB_HOST: {{ default $root.Values.database.host $values.database.host | quote }}
XX_DB_PORT: {{ ternary $values.database.port $root.Values.database.port (gt (int $values.database.port) 0) | quote }}
XX_DB_NAME: {{ $values.database.name | quote }}
XX_DB_POOL: {{ $root.Values.database.pool | quote }}
{{- end }}
{{- if eq $component "file" }}
XX_FILE_STORE: "minio"
XX_S3_ENDPOINT: {{ $root.Values.s3.endpoint | quote }}
XX_S3_BUCKET: {{ $root.Values.s3.bucket | quote }}
{{- with $root.Values.s3.region }}
XUANXUAN_FILES_MINIO_REGION: {{ . | quote }}
{{- end }}
{{- end }}
SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE: {{ $values.shutdownTimeout | quote }}
JAVA_TOOL_OPTIONS: {{ $root.Values.common.javaToolOptions | quote }}
{{- end }}

{{/* The port 1.0 clients connect to: gateway.tcp.publicPort, else a NodePort Service's set nodePort, else the
     Service's port (a load balancer's). */}}
{{- define "xuanxuan.tcpPublicPort" -}}
{{- $tcp := .Values.gateway.tcp }}
{{- if gt (int $tcp.publicPort) 0 }}{{ $tcp.publicPort }}
{{- else if and (eq $tcp.service.type "NodePort") (gt (int $tcp.service.nodePort) 0) }}{{ $tcp.service.nodePort }}
{{- else }}{{ $tcp.service.port }}{{ end }}
{{- end }}
