// What the upload-service page needs from Uppy, as one ES module.
export { default as Uppy } from '@uppy/core'
export { default as Dashboard } from '@uppy/dashboard'
export { default as AwsS3 } from '@uppy/aws-s3'
